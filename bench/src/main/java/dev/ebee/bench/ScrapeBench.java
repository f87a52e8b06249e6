package dev.ebee.bench;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.metrics.ConfigParser;
import dev.ebee.metrics.MapMetrics;
import dev.ebee.metrics.MetricsConfig;
import dev.ebee.metrics.decode.Decoders;
import dev.ebee.metrics.micrometer.MapMetricsBinder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One scrape of a counter map of 10,000 keys (16-byte command names, string decoder): through
 * {@link MapMetrics#read} alone (what ebee does per key: walk, cached decode, sum), and through
 * Micrometer's Prometheus registry with {@link MapMetricsBinder} (text included), and, as the
 * baseline of what the registry itself needs, the same registry scraping 10,000 plain
 * {@link FunctionCounter}s of the same names and tags (no map, no binder). Run with
 * {@code java -jar bench/target/benchmarks.jar ScrapeBench -prof gc}; gc.alloc.rate.norm / 10,000
 * is the allocation per key, and the binder's share is its scrape's minus the baseline's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ScrapeBench {
    static final int KEYS = 10_000;
    static final String CONFIG = """
            metrics:
              counters:
                - name: exec_total
                  help: Execs by command
                  labels: [{name: comm, size: 16, decoders: [{name: string}]}]
            """;

    private BpfMap map;
    private MapMetrics metrics;
    private PrometheusMeterRegistry registry;
    private PrometheusMeterRegistry plainRegistry;

    @Setup(Level.Trial)
    public void fill() {
        map = BpfMap.create(MapSpec.of("exec_total", MapType.HASH, 16, 8, KEYS));
        for (int i = 0; i < KEYS; i++) {
            byte[] key = Arrays.copyOf(String.format("cmd%05d", i).getBytes(), 16);
            map.update(key, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(i).array(), BpfMap.ANY);
        }
        MetricsConfig config = ConfigParser.parse("bench", "bench.yaml", CONFIG);
        metrics = MapMetrics.bind(config, Map.of("exec_total", map)::get, new Decoders());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MapMetricsBinder(MapMetrics.bind(config, Map.of("exec_total", map)::get, new Decoders())).bindTo(registry);
        plainRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (int i = 0; i < KEYS; i++) {
            long[] count = {i};
            FunctionCounter.builder("ebpf_exporter_exec", count, c -> c[0]).description("Execs by command")
                    .tag("comm", String.format("cmd%05d", i)).register(plainRegistry);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        registry.close();
        plainRegistry.close();
        map.close();
    }

    @Benchmark
    public void read(Blackhole bh) {
        metrics.read(new MapMetrics.Visitor() {
            @Override
            public void counter(MetricsConfig.Counter counter, List<String> names, String[] values, long value) {
                bh.consume(values);
                bh.consume(value);
            }

            @Override
            public void histogram(MetricsConfig.Histogram h, List<String> names, List<String> values, double[] bounds,
                                  long[] counts) {
                bh.consume(counts);
            }
        });
    }

    @Benchmark
    public String micrometerPrometheusScrape() {
        return registry.scrape();
    }

    @Benchmark
    public String micrometerPrometheusScrapeWithoutMaps() {
        return plainRegistry.scrape();
    }
}
