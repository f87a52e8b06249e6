package dev.ebee.metrics;

import dev.ebee.BpfMap;
import dev.ebee.metrics.MetricsConfig.BucketType;
import dev.ebee.metrics.MetricsConfig.Counter;
import dev.ebee.metrics.MetricsConfig.Histogram;
import dev.ebee.metrics.MetricsConfig.Label;
import dev.ebee.metrics.decode.Decoders;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link MetricsConfig} bound to the loaded maps it reads: {@link #bind} checks that every
 * metric's map exists, that its key is as long as the labels' sizes add up to and that its value
 * is a u64, and {@link #read} walks the maps then (on scrape, never on a timer), sums per-CPU
 * values and decodes the keys. Thread-safe: concurrent scrapes read one after the other.
 */
public final class MapMetrics {
    private final MetricsConfig config;
    private final List<Bound<Counter>> counters = new ArrayList<>();
    private final List<Bound<Histogram>> histograms = new ArrayList<>();
    private final long[] decodeErrors = new long[1];

    private record Bound<M>(M metric, BpfMap map, KeyDecoder keys, List<String> labelNames) {
    }

    private MapMetrics(MetricsConfig config) {
        this.config = config;
    }

    /**
     * Binds {@code config} to the maps {@code maps} finds by name (null for none), reading the
     * system through {@code decoders}.
     *
     * @throws ConfigException naming the metric whose map is missing or does not fit
     */
    public static MapMetrics bind(MetricsConfig config, Function<String, BpfMap> maps, Decoders decoders) {
        MapMetrics m = new MapMetrics(config);
        List<Counter> cs = config.counters();
        for (int i = 0; i < cs.size(); i++) {
            Counter c = cs.get(i);
            m.counters.add(bound(config, "metrics.counters[" + i + "]", c.name(), c, c.labels(), c.labels(), maps, decoders));
        }
        List<Histogram> hs = config.histograms();
        for (int i = 0; i < hs.size(); i++) {
            Histogram h = hs.get(i);
            List<Label> series = h.labels().subList(0, h.labels().size() - 1);
            m.histograms.add(bound(config, "metrics.histograms[" + i + "]", h.name(), h, h.labels(), series, maps, decoders));
        }
        return m;
    }

    private static <M> Bound<M> bound(MetricsConfig config, String at, String name, M metric, List<Label> labels,
                                      List<Label> named, Function<String, BpfMap> maps, Decoders decoders) {
        BpfMap map = maps.apply(name);
        if (map == null) {
            throw new ConfigException(config.source(), at + ".name", "no map \"" + name + "\" in " + config.name() + ".bpf.o");
        }
        KeyDecoder keys = new KeyDecoder(labels, decoders);
        if (keys.keySize() != map.keySize()) {
            throw new ConfigException(config.source(), at + ".labels", "the label sizes add up to " + keys.keySize()
                    + " bytes, but map " + name + "'s keys are " + map.keySize() + " bytes");
        }
        if (map.valueSize() != 8) {
            throw new ConfigException(config.source(), at + ".name", "map " + name + "'s values are "
                    + map.valueSize() + " bytes, not a u64 counter");
        }
        return new Bound<>(metric, map, keys, named.stream().map(Label::name).toList());
    }

    public MetricsConfig config() {
        return config;
    }

    /** Keys that a decoder could not read since the start (each distinct key counted once: results are cached). */
    public synchronized long decodeErrors() {
        return decodeErrors[0];
    }

    /** What the last key that failed to decode said, or null. */
    public synchronized String lastDecodeError() {
        String last = null;
        for (Bound<?> b : counters) {
            last = b.keys.lastError() != null ? b.keys.lastError() : last;
        }
        for (Bound<?> b : histograms) {
            last = b.keys.lastError() != null ? b.keys.lastError() : last;
        }
        return last;
    }

    /** Receives one scrape's values. */
    public interface Visitor {
        /**
         * One counter series: its label values in the config's order. A key gets the same array
         * on every read while its decoded labels stay cached (a visitor may key on its identity);
         * do not change it.
         */
        void counter(Counter counter, List<String> labelNames, String[] labelValues, long value);

        /**
         * One histogram series: {@code upperBounds} (multiplied), and {@code counts} per bucket, not
         * cumulative, one longer than the bounds (the last counts keys above {@code bucket_max}).
         */
        void histogram(Histogram histogram, List<String> labelNames, List<String> labelValues, double[] upperBounds,
                       long[] counts);
    }

    /** Reads every map now and gives each series to {@code visitor}. */
    public synchronized void read(Visitor visitor) {
        for (Bound<Counter> b : counters) {
            b.map.forEach((k, v) -> {
                String[] labels = b.keys.decode(k, decodeErrors);
                if (labels != null) {
                    visitor.counter(b.metric, b.labelNames, labels, sum(v));
                }
            });
        }
        for (Bound<Histogram> b : histograms) {
            Histogram h = b.metric;
            double[] bounds = upperBounds(h);
            Map<List<String>, long[]> series = new LinkedHashMap<>();
            int last = h.labels().size() - 1;
            b.map.forEach((k, v) -> {
                String[] labels = b.keys.decode(k, decodeErrors);
                if (labels == null) {
                    return;
                }
                int bucket = bucketIndex(h, labels[last]);
                if (bucket < 0) {
                    decodeErrors[0]++;
                    return;
                }
                long[] counts = series.computeIfAbsent(Arrays.asList(labels).subList(0, last),
                        x -> new long[bounds.length + 1]);
                counts[bucket] += sum(v);
            });
            series.forEach((labels, counts) -> visitor.histogram(h, b.labelNames, labels, bounds, counts));
        }
    }

    /** A u64 value, or the sum of a per-CPU value's slots (each 8-byte aligned). */
    private static long sum(MemorySegment value) {
        long total = 0;
        for (long off = 0; off + 8 <= value.byteSize(); off += 8) {
            total += value.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
        }
        return total;
    }

    /** The bucket a key's decoded bucket number falls in: its index, the overflow one above the range, or -1 if it is no number. */
    static int bucketIndex(Histogram h, String decoded) {
        double key;
        try {
            key = Double.parseDouble(decoded);
        } catch (NumberFormatException e) {
            return -1;
        }
        int buckets = h.bucketType() == BucketType.FIXED ? h.bucketKeys().size() : h.bucketMax() - h.bucketMin() + 1;
        if (h.bucketType() == BucketType.FIXED) {
            for (int i = 0; i < buckets; i++) {
                if (key <= h.bucketKeys().get(i)) {
                    return i;
                }
            }
            return buckets;
        }
        int i = (int) key - h.bucketMin();
        return i < 0 ? 0 : Math.min(i, buckets);
    }

    /** Each bucket's upper bound, {@code bucket_multiplier} applied. */
    static double[] upperBounds(Histogram h) {
        if (h.bucketType() == BucketType.FIXED) {
            return h.bucketKeys().stream().mapToDouble(k -> k * h.bucketMultiplier()).toArray();
        }
        double[] out = new double[h.bucketMax() - h.bucketMin() + 1];
        for (int i = 0; i < out.length; i++) {
            int key = h.bucketMin() + i;
            double bound = switch (h.bucketType()) {
                case EXP2 -> Math.pow(2, key);
                case EXP2ZERO -> key == 0 ? 0 : Math.pow(2, key - 1);
                case LINEAR -> key;
                case FIXED -> throw new AssertionError();
            };
            out[i] = bound * h.bucketMultiplier();
        }
        return out;
    }
}
