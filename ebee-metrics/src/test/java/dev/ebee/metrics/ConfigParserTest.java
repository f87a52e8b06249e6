package dev.ebee.metrics;

import dev.ebee.metrics.MetricsConfig.BucketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ebpf_exporter's YAML read unchanged, and each thing wrong in it named by file and field. */
class ConfigParserTest {
    static final String BIOLATENCY = """
            metrics:
              histograms:
                - name: bio_latency_seconds
                  help: Block IO latency histogram
                  bucket_type: exp2
                  bucket_min: 0
                  bucket_max: 26
                  bucket_multiplier: 0.000001 # microseconds to seconds
                  labels:
                    - name: device
                      size: 32
                      decoders:
                        - name: string
                    - name: operation
                      size: 4
                      decoders:
                        - name: uint
                        - name: static_map
                          static_map:
                            1: read
                            2: write
                    - name: bucket
                      size: 4
                      decoders:
                        - name: uint
              counters:
                - name: syscalls_total
                  help: Syscalls by name
                  labels:
                    - name: syscall
                      size: 8
                      decoders:
                        - name: uint
                        - name: syscall
            kaddrs:
              - do_sys_open
            """;

    @Test
    void readsEbpfExportersFormat() {
        MetricsConfig c = ConfigParser.parse("biolatency", "biolatency.yaml", BIOLATENCY);
        assertThat(c.counters()).singleElement().satisfies(counter -> {
            assertThat(counter.name()).isEqualTo("syscalls_total");
            assertThat(counter.labels().getFirst().decoders()).extracting(MetricsConfig.DecoderConfig::name)
                    .containsExactly("uint", "syscall");
        });
        MetricsConfig.Histogram h = c.histograms().getFirst();
        assertThat(h.bucketType()).isEqualTo(BucketType.EXP2);
        assertThat(h.bucketMax()).isEqualTo(26);
        assertThat(h.bucketMultiplier()).isEqualTo(0.000001);
        assertThat(h.labels()).extracting(MetricsConfig.Label::size).containsExactly(32, 4, 4);
        assertThat(h.labels().get(1).decoders().get(1).staticMap()).containsEntry("1", "read").containsEntry("2", "write");
        assertThat(MapMetrics.upperBounds(h)).startsWith(0.000001, 0.000002, 0.000004).hasSize(27);
    }

    @Test
    void bucketsOfEachType() {
        String yaml = """
                metrics:
                  histograms:
                    - name: h
                      help: h
                      bucket_type: %s
                      bucket_min: %d
                      bucket_max: 3
                      bucket_keys: [1, 5, 10]
                      labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                """;
        assertThat(MapMetrics.upperBounds(parse(yaml.formatted("exp2", 0)).histograms().getFirst()))
                .containsExactly(1, 2, 4, 8);
        assertThat(MapMetrics.upperBounds(parse(yaml.formatted("exp2zero", 0)).histograms().getFirst()))
                .containsExactly(0, 1, 2, 4);
        assertThat(MapMetrics.upperBounds(parse(yaml.formatted("linear", 1)).histograms().getFirst()))
                .containsExactly(1, 2, 3);
        MetricsConfig.Histogram fixed = parse(yaml.formatted("fixed", 0)).histograms().getFirst();
        assertThat(MapMetrics.upperBounds(fixed)).containsExactly(1, 5, 10);
        assertThat(MapMetrics.bucketIndex(fixed, "5")).isEqualTo(1);
        assertThat(MapMetrics.bucketIndex(fixed, "11")).isEqualTo(3);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            metrics: {counters: [{name: c, labels: [{name: x, size: 4, decoders: [{name: nope}]}]}]}  | metrics.counters[0].labels[0].decoders[0].name: unknown decoder "nope"
            metrics: {counters: [{name: c, labels: [{name: x, decoders: [{name: uint}]}]}]}           | metrics.counters[0].labels[0].size: missing
            metrics: {counters: [{name: c, labels: [{name: x, size: 0, decoders: [{name: uint}]}]}]}  | metrics.counters[0].labels[0].size: must be a positive number of bytes
            metrics: {counters: [{name: c, labels: [{name: x, size: 4}]}]}                             | metrics.counters[0].labels[0].decoders: missing
            metrics: {counters: [{help: c}]}                                                           | metrics.counters[0].name: missing
            metrics: {counters: [{name: c, labels: [{name: x, size: 4, decoders: [{name: static_map}]}]}]} | metrics.counters[0].labels[0].decoders[0].static_map: missing
            metrics: {counters: [{name: c, labels: [{name: x, size: 4, decoders: [{name: regexp, regexps: ['(']}]}]}]} | metrics.counters[0].labels[0].decoders[0].regexps[0]: bad pattern
            metrics: {histograms: [{name: h, bucket_type: log10, labels: []}]}                        | metrics.histograms[0].bucket_type: unknown bucket type "log10"
            metrics: {histograms: [{name: h, labels: []}]}                                             | metrics.histograms[0].bucket_type: missing
            metrics: {histograms: [{name: h, bucket_type: fixed, labels: []}]}                        | metrics.histograms[0].bucket_keys: a fixed histogram needs bucket_keys
            metrics: {histograms: [{name: h, bucket_type: exp2, bucket_max: many, labels: []}]}      | metrics.histograms[0].bucket_max: expected a number, found "many"
            metrics: {histograms: [{name: h, bucket_type: linear, bucket_min: 5, bucket_max: 1}]}    | metrics.histograms[0].bucket_max: bucket_max 1 is below bucket_min 5
            metrics: {histograms: [{name: h, bucket_type: linear, bucket_max: 1}]}                     | metrics.histograms[0].labels: a histogram needs at least the bucket
            metrics: {counters: {name: c}}                                                             | metrics.counters: expected a list, found a mapping
            metrics: {}                                                                                | metrics: neither counters nor histograms
            programs: []                                                                               | metrics: missing
            'metrics: [unclosed'                                                                       | not YAML
            """)
    void namesTheFileAndTheField(String yaml, String message) {
        assertThatThrownBy(() -> ConfigParser.parse("bad", "dir/bad.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("dir/bad.yaml: " + message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static MetricsConfig parse(String yaml) {
        return ConfigParser.parse("t", "t.yaml", yaml);
    }
}
