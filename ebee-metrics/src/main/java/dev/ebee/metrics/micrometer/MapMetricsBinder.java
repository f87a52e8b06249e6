package dev.ebee.metrics.micrometer;

import dev.ebee.metrics.MapMetrics;
import dev.ebee.metrics.MetricsConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config's counters and histograms in any Micrometer {@link MeterRegistry}, the maps read when
 * the registry reads the meters (on scrape), never on a timer.
 *
 * <p>Each key of a counter's map is a {@link FunctionCounter} named as {@code ebee exporter}
 * names it ({@code ebpf_exporter_exec} for {@code exec_total}: Prometheus adds {@code _total}),
 * tagged with the decoded labels. Micrometer has no histogram whose bucket counts come from
 * outside, so a histogram is its buckets as gauges: {@code NAME_bucket} (cumulative, tagged
 * {@code le}) and {@code NAME_count}. (Micrometer's Prometheus registry drops the {@code _bucket}
 * it reserves for its own histograms: there the buckets are {@code NAME{le="..."}}.)
 *
 * <p>Reading on scrape: the first meter a scrape reads that was already read since the maps were
 * last walked walks them again, so each scrape walks each map once. A key that appears in a map
 * becomes a meter on that walk, and a registry that lists its meters before reading them (as
 * Prometheus's does) shows it from the next scrape on.
 */
public final class MapMetricsBinder implements MeterBinder {
    private final MapMetrics metrics;
    private final String prefix;
    private final Map<SeriesId, Series> series = new HashMap<>();
    private final Map<MetricsConfig.Counter, CounterSeries> counters = new IdentityHashMap<>();
    private MeterRegistry registry;

    /** Binds with ebee exporter's (and ebpf_exporter's) metric name prefix {@code ebpf_exporter_}. */
    public MapMetricsBinder(MapMetrics metrics) {
        this(metrics, "ebpf_exporter_");
    }

    public MapMetricsBinder(MapMetrics metrics, String prefix) {
        this.metrics = metrics;
        this.prefix = prefix;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null && this.registry != registry) {
            throw new IllegalStateException("a MapMetricsBinder binds to one registry; wrap registries in a CompositeMeterRegistry");
        }
        this.registry = registry;
        walk();
        // the values are as of now: the first scrape's first read walks again
        series.values().forEach(s -> s.read = true);
    }

    private record SeriesId(String name, List<Tag> tags) {
    }

    /**
     * A counter's meter name, and its series by the label array the walk hands out: MapMetrics
     * gives a key the same array on every walk (its decoder's cache), so a walk finds a known
     * key's series by identity, allocating nothing per key (names, tags and a SeriesId per key
     * were most of what a scrape of a big map allocated beyond the registry's own work).
     */
    private static final class CounterSeries {
        /** Past this many arrays (the decoder's cache was emptied and refilled with new ones), start afresh. */
        static final int LIMIT = 200_000;
        final String name;
        final Map<String[], Series> byLabels = new IdentityHashMap<>();

        CounterSeries(String name) {
            this.name = name;
        }
    }

    /** One meter's value as of the last walk, and whether a scrape read it since. */
    private static final class Series {
        double value;
        boolean read;
    }

    /** The meter's value: a series read twice since the last walk means a new scrape, which walks the maps again. */
    private synchronized double value(Series s) {
        if (s.read) {
            walk();
        }
        s.read = true;
        return s.value;
    }

    private void walk() {
        series.values().forEach(s -> s.read = false);
        metrics.read(new MapMetrics.Visitor() {
            @Override
            public void counter(MetricsConfig.Counter counter, List<String> labelNames, String[] labelValues, long value) {
                CounterSeries c = counters.get(counter);
                if (c == null) {
                    c = new CounterSeries(counterName(counter.name()));
                    counters.put(counter, c);
                }
                Series s = c.byLabels.get(labelValues);
                if (s == null) {
                    if (c.byLabels.size() >= CounterSeries.LIMIT) {
                        c.byLabels.clear();
                    }
                    s = series(c.name, counter.help(), tags(labelNames, List.of(labelValues)), true);
                    c.byLabels.put(labelValues, s);
                }
                s.value = unsigned(value);
            }

            @Override
            public void histogram(MetricsConfig.Histogram histogram, List<String> labelNames, List<String> labelValues,
                                  double[] upperBounds, long[] counts) {
                List<Tag> tags = tags(labelNames, labelValues);
                String name = prefix + histogram.name();
                long cumulative = 0;
                for (int i = 0; i <= upperBounds.length; i++) {
                    cumulative += counts[i];
                    List<Tag> le = new ArrayList<>(tags);
                    le.add(Tag.of("le", i < upperBounds.length ? Double.toString(upperBounds[i]) : "+Inf"));
                    series(name + "_bucket", histogram.help(), le, false).value = cumulative;
                }
                series(name + "_count", histogram.help(), tags, false).value = cumulative;
            }
        });
    }

    private Series series(String name, String help, List<Tag> tags, boolean counter) {
        return series.computeIfAbsent(new SeriesId(name, tags), id -> {
            Series s = new Series(); // not read yet: its first read belongs to the scrape that made it
            if (counter) {
                FunctionCounter.builder(id.name(), s, this::value).description(help).tags(id.tags()).register(registry);
            } else {
                Gauge.builder(id.name(), s, this::value).description(help).tags(id.tags()).register(registry);
            }
            return s;
        });
    }

    private String counterName(String configName) {
        String n = prefix + configName;
        return n.endsWith("_total") ? n.substring(0, n.length() - "_total".length()) : n;
    }

    private static List<Tag> tags(List<String> names, List<String> values) {
        List<Tag> tags = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            tags.add(Tag.of(names.get(i), values.get(i)));
        }
        return tags;
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }
}
