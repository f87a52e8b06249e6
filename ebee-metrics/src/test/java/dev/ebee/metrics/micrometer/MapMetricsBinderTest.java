package dev.ebee.metrics.micrometer;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.metrics.ConfigParser;
import dev.ebee.metrics.MapMetrics;
import dev.ebee.metrics.decode.Decoders;
import dev.ebee.testing.Kernel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The binder in Micrometer's simple and Prometheus registries: the maps' counts, read on each scrape. */
@Tag("kernel")
class MapMetricsBinderTest {
    static final String CONFIG = """
            metrics:
              counters:
                - name: exec_total
                  help: Execs by command
                  labels: [{name: comm, size: 16, decoders: [{name: string}]}]
              histograms:
                - name: latency_seconds
                  help: Latency
                  bucket_type: exp2
                  bucket_min: 0
                  bucket_max: 2
                  bucket_multiplier: 0.001
                  labels: [{name: bucket, size: 4, decoders: [{name: uint}]}]
            """;

    BpfMap execs;
    BpfMap latency;
    MapMetrics metrics;

    @BeforeEach
    void maps() {
        Kernel.requireBpf();
        execs = BpfMap.create(MapSpec.of("exec_total", MapType.PERCPU_HASH, 16, 8, 64));
        latency = BpfMap.create(MapSpec.of("latency_seconds", MapType.ARRAY, 4, 8, 3));
        metrics = MapMetrics.bind(ConfigParser.parse("t", "t.yaml", CONFIG),
                Map.of("exec_total", execs, "latency_seconds", latency)::get, new Decoders());
    }

    @AfterEach
    void close() {
        if (execs != null) {
            execs.close();
            latency.close();
        }
    }

    @Test
    void simpleRegistryReadsTheMapsWhenItReadsTheMeters() {
        count("ls", 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MapMetricsBinder(metrics).bindTo(registry);
        assertThat(registry.get("ebpf_exporter_exec").tag("comm", "ls").functionCounter().count()).isEqualTo(2);

        count("ls", 5);
        bucket(1, 4);
        // one scrape: each meter read once, the first of them walks the maps again
        assertThat(registry.get("ebpf_exporter_exec").tag("comm", "ls").functionCounter().count()).isEqualTo(5);
        assertThat(registry.get("ebpf_exporter_latency_seconds_count").gauge().value()).isEqualTo(4);
        assertThat(registry.get("ebpf_exporter_latency_seconds_bucket").tag("le", "0.002").gauge().value()).isEqualTo(4);
        assertThat(registry.get("ebpf_exporter_latency_seconds_bucket").tag("le", "0.001").gauge().value()).isZero();
    }

    @Test
    void prometheusRegistryScrapesNewKeys() {
        count("bash", 1);
        bucket(0, 2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MapMetricsBinder(metrics).bindTo(registry);
        assertThat(registry.scrape()).contains("ebpf_exporter_exec_total{comm=\"bash\"} 1.0")
                .contains("# HELP ebpf_exporter_exec_total Execs by command")
                // the Prometheus registry keeps _bucket for its own histograms: the buckets go without
                .contains("ebpf_exporter_latency_seconds{le=\"0.001\"} 2.0")
                .contains("ebpf_exporter_latency_seconds{le=\"+Inf\"} 2.0");

        count("bash", 7);
        count("zsh", 3);
        bucket(2, 1);
        assertThat(registry.scrape()).contains("ebpf_exporter_exec_total{comm=\"bash\"} 7.0")
                .contains("ebpf_exporter_latency_seconds_count 3.0");
        // a key new in the map: a meter from the scrape that found it, shown from the next one
        assertThat(registry.scrape()).contains("ebpf_exporter_exec_total{comm=\"zsh\"} 3.0");
    }

    private void count(String comm, long n) {
        int cpus = (int) (execs.valueBufferSize() / 8);
        byte[][] perCpu = new byte[cpus][];
        for (int c = 0; c < cpus; c++) {
            perCpu[c] = le8(c == 0 ? n : 0);
        }
        execs.updatePerCpu(Arrays.copyOf(comm.getBytes(), 16), perCpu, BpfMap.ANY);
    }

    private void bucket(int bucket, long n) {
        latency.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bucket).array(), le8(n), BpfMap.ANY);
    }

    private static byte[] le8(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
