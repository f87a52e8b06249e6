package dev.ebee.metrics;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.metrics.decode.Decoders;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configs bound to real maps: per-CPU sums, histogram buckets, and the map errors named by file and field. */
@Tag("kernel")
class MapMetricsTest {
    static final String CONFIG = """
            metrics:
              counters:
                - name: packets_total
                  help: Packets by protocol
                  labels:
                    - name: proto
                      size: 4
                      decoders:
                        - name: uint
                        - name: static_map
                          static_map: {6: tcp, 17: udp}
              histograms:
                - name: lat
                  help: Latency
                  bucket_type: exp2
                  bucket_min: 0
                  bucket_max: 3
                  labels:
                    - name: comm
                      size: 8
                      decoders: [{name: string}]
                    - name: bucket
                      size: 4
                      decoders: [{name: uint}]
            """;

    @BeforeAll
    static void bpf() {
        Kernel.requireBpf();
    }

    @Test
    void perCpuCountersAreSummedAndHistogramsGrouped() {
        try (BpfMap packets = BpfMap.create(MapSpec.of("packets_total", MapType.PERCPU_ARRAY, 4, 8, 32));
             BpfMap lat = BpfMap.create(MapSpec.of("lat", MapType.HASH, 12, 8, 64))) {
            int cpus = packets.lookupPerCpu(le(6)).length;
            byte[][] perCpu = new byte[cpus][];
            for (int c = 0; c < cpus; c++) {
                perCpu[c] = le8(c + 1);
            }
            packets.updatePerCpu(le(6), perCpu, BpfMap.ANY);
            packets.updatePerCpu(le(17), fill(cpus, le8(5)), BpfMap.ANY);
            lat.update(latKey("ls", 0), le8(3), BpfMap.ANY);
            lat.update(latKey("ls", 2), le8(4), BpfMap.ANY);
            lat.update(latKey("ls", 9), le8(1), BpfMap.ANY);
            lat.update(latKey("cat", 1), le8(2), BpfMap.ANY);

            MetricsConfig config = ConfigParser.parse("t", "t.yaml", CONFIG);
            MapMetrics metrics = MapMetrics.bind(config, Map.of("packets_total", packets, "lat", lat)::get, new Decoders());
            Map<String, Long> counters = new TreeMap<>();
            Map<String, String> histograms = new TreeMap<>();
            metrics.read(new MapMetrics.Visitor() {
                @Override
                public void counter(MetricsConfig.Counter counter, List<String> names, String[] values, long value) {
                    counters.put(names.getFirst() + "=" + values[0], value);
                }

                @Override
                public void histogram(MetricsConfig.Histogram h, List<String> names, List<String> values, double[] bounds,
                                      long[] counts) {
                    assertThat(bounds).containsExactly(1, 2, 4, 8);
                    histograms.put(names.getFirst() + "=" + values.getFirst(), Arrays.toString(counts));
                }
            });
            // the array's other 30 indexes are unknown to the static_map: dropped, not errors
            assertThat(counters).containsExactly(Map.entry("proto=tcp", (long) cpus * (cpus + 1) / 2),
                    Map.entry("proto=udp", 5L * cpus));
            assertThat(histograms).containsExactly(Map.entry("comm=cat", "[0, 2, 0, 0, 0]"),
                    Map.entry("comm=ls", "[3, 0, 4, 0, 1]"));
            assertThat(metrics.decodeErrors()).isZero();
        }
    }

    @Test
    void aMissingMapIsNamed() {
        MetricsConfig config = ConfigParser.parse("t", "dir/t.yaml", CONFIG);
        assertThatThrownBy(() -> MapMetrics.bind(config, name -> null, new Decoders()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dir/t.yaml: metrics.counters[0].name: no map \"packets_total\" in t.bpf.o");
    }

    @Test
    void aKeySizeThatDoesNotAddUpIsNamed() {
        try (BpfMap packets = BpfMap.create(MapSpec.of("packets_total", MapType.HASH, 8, 8, 4));
             BpfMap lat = BpfMap.create(MapSpec.of("lat", MapType.HASH, 12, 8, 4))) {
            MetricsConfig config = ConfigParser.parse("t", "dir/t.yaml", CONFIG);
            assertThatThrownBy(() -> MapMetrics.bind(config, Map.of("packets_total", packets, "lat", lat)::get, new Decoders()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("dir/t.yaml: metrics.counters[0].labels: the label sizes add up to 4 bytes,"
                            + " but map packets_total's keys are 8 bytes");
        }
    }

    @Test
    void aValueThatIsNoCounterIsNamed() {
        try (BpfMap packets = BpfMap.create(MapSpec.of("packets_total", MapType.HASH, 4, 8, 4));
             BpfMap lat = BpfMap.create(MapSpec.of("lat", MapType.HASH, 12, 4, 4))) {
            MetricsConfig config = ConfigParser.parse("t", "dir/t.yaml", CONFIG);
            assertThatThrownBy(() -> MapMetrics.bind(config, Map.of("packets_total", packets, "lat", lat)::get, new Decoders()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("dir/t.yaml: metrics.histograms[0].name: map lat's values are 4 bytes, not a u64 counter");
        }
    }

    @Test
    void keysADecoderCannotReadAreCountedAndSkipped() {
        String yaml = """
                metrics:
                  counters:
                    - name: c
                      labels: [{name: n, size: 4, decoders: [{name: string}, {name: errno}]}]
                """;
        try (BpfMap c = BpfMap.create(MapSpec.of("c", MapType.HASH, 4, 8, 4))) {
            c.update("13\0\0".getBytes(), le8(1), BpfMap.ANY);
            c.update("ab\0\0".getBytes(), le8(1), BpfMap.ANY);
            MapMetrics metrics = MapMetrics.bind(ConfigParser.parse("t", "t.yaml", yaml), Map.of("c", c)::get, new Decoders());
            List<String> seen = new ArrayList<>();
            metrics.read(new MapMetrics.Visitor() {
                @Override
                public void counter(MetricsConfig.Counter counter, List<String> names, String[] values, long value) {
                    seen.add(values[0]);
                }

                @Override
                public void histogram(MetricsConfig.Histogram h, List<String> n, List<String> v, double[] b, long[] counts) {
                }
            });
            assertThat(seen).containsExactly("EACCES");
            assertThat(metrics.decodeErrors()).isOne();
            assertThat(metrics.lastDecodeError()).isEqualTo("label n: not a number: \"ab\"");
        }
    }

    private static byte[][] fill(int n, byte[] v) {
        byte[][] out = new byte[n][];
        Arrays.fill(out, v);
        return out;
    }

    private static byte[] latKey(String comm, int bucket) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Arrays.copyOf(comm.getBytes(), 8)).putInt(bucket);
        return b.array();
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le8(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
