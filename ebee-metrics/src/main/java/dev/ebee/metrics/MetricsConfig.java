package dev.ebee.metrics;

import java.util.List;
import java.util.Map;

/**
 * One program set's metrics, as cloudflare ebpf_exporter's {@code NAME.yaml} describes them: each
 * counter and histogram reads the BPF map of the same name, whose key is the labels' bytes laid
 * end to end and whose value is a u64 (summed over CPUs for per-CPU maps). Built by
 * {@link ConfigParser} from YAML, or directly in Java.
 *
 * @param name the config's name ({@code NAME} of {@code NAME.yaml}), used in metric and error texts
 * @param source where it came from (a file name), for errors
 */
public record MetricsConfig(String name, String source, List<Counter> counters, List<Histogram> histograms) {

    public MetricsConfig {
        counters = List.copyOf(counters);
        histograms = List.copyOf(histograms);
    }

    /** A counter: one time series per distinct decoded key. */
    public record Counter(String name, String help, List<Label> labels) {
        public Counter {
            labels = List.copyOf(labels);
        }
    }

    /**
     * A histogram: the map's key ends with the bucket (the last label, decoded to a number); the
     * other labels name the series.
     *
     * @param bucketKeys the bucket numbers of a {@link BucketType#FIXED} histogram (else empty)
     */
    public record Histogram(String name, String help, BucketType bucketType, int bucketMin, int bucketMax,
                            double bucketMultiplier, List<Double> bucketKeys, List<Label> labels) {
        public Histogram {
            labels = List.copyOf(labels);
            bucketKeys = List.copyOf(bucketKeys);
        }
    }

    /** How a histogram's bucket numbers become upper bounds (before {@code bucket_multiplier}). */
    public enum BucketType {
        /** bucket {@code i} counts values up to {@code 2^i} (bpf_log2l of the value). */
        EXP2,
        /** bucket 0 counts zeros, bucket {@code i > 0} values up to {@code 2^(i-1)}. */
        EXP2ZERO,
        /** bucket {@code i} counts values up to {@code i} (integer division in the kernel). */
        LINEAR,
        /** the buckets are {@code bucket_keys}, each its own upper bound. */
        FIXED
    }

    /** One field of the map's key: {@code size} bytes, turned into a label value by the decoders in turn. */
    public record Label(String name, int size, List<DecoderConfig> decoders) {
        public Label {
            decoders = List.copyOf(decoders);
        }
    }

    /** One decoder of a label and its settings (only static_map and regexp have any). */
    public record DecoderConfig(String name, Map<String, String> staticMap, List<String> regexps, boolean allowUnknown) {
        public DecoderConfig {
            staticMap = Map.copyOf(staticMap);
            regexps = List.copyOf(regexps);
        }

        public static DecoderConfig of(String name) {
            return new DecoderConfig(name, Map.of(), List.of(), false);
        }
    }
}
