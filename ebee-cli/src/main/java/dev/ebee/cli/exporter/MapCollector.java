package dev.ebee.cli.exporter;

import dev.ebee.metrics.MapMetrics;
import dev.ebee.metrics.MetricsConfig;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One config's counters and histograms as Prometheus metrics, its maps read on each scrape. Names
 * get ebpf_exporter's {@code ebpf_exporter_} prefix, so that its users' dashboards and alerts keep
 * working; a counter's {@code _total} comes back from the exposition format. Histograms have
 * {@code _sum} 0: the kernel keeps only bucket counts (as in ebpf_exporter).
 */
final class MapCollector implements MultiCollector {
    static final String PREFIX = "ebpf_exporter_";

    private final MapMetrics metrics;

    MapCollector(MapMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, CounterSnapshot.Builder> counters = new LinkedHashMap<>();
        Map<String, HistogramSnapshot.Builder> histograms = new LinkedHashMap<>();
        for (MetricsConfig.Counter c : metrics.config().counters()) {
            counters.put(c.name(), CounterSnapshot.builder().name(name(c.name())).help(c.help()));
        }
        for (MetricsConfig.Histogram h : metrics.config().histograms()) {
            histograms.put(h.name(), HistogramSnapshot.builder().name(name(h.name())).help(h.help()));
        }
        metrics.read(new MapMetrics.Visitor() {
            @Override
            public void counter(MetricsConfig.Counter counter, List<String> labelNames, String[] labelValues, long value) {
                counters.get(counter.name()).dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of(labelNames.toArray(String[]::new), labelValues))
                        .value(unsigned(value)).build());
            }

            @Override
            public void histogram(MetricsConfig.Histogram histogram, List<String> labelNames, List<String> labelValues,
                                  double[] upperBounds, long[] counts) {
                double[] bounds = Arrays.copyOf(upperBounds, upperBounds.length + 1);
                bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
                histograms.get(histogram.name()).dataPoint(HistogramDataPointSnapshot.builder()
                        .labels(Labels.of(labelNames.toArray(String[]::new), labelValues.toArray(String[]::new)))
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(0).build());
            }
        });
        List<MetricSnapshot> out = new ArrayList<>();
        counters.values().forEach(b -> out.add(b.build()));
        histograms.values().forEach(b -> out.add(b.build()));
        return new MetricSnapshots(out);
    }

    /** The Prometheus name of a config's metric: prefixed, without the {@code _total} the format adds. */
    static String name(String configName) {
        String n = PREFIX + configName;
        return n.endsWith("_total") ? n.substring(0, n.length() - "_total".length()) : n;
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }
}
