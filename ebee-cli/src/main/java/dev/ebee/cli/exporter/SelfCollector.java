package dev.ebee.cli.exporter;

import dev.ebee.Program;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.List;
import java.util.Map;

/**
 * ebee's own metrics: per program, whether it is attached, the instructions the verifier processed,
 * and the kernel's run count and run time (counted while the exporter holds {@link dev.ebee.BpfStats}
 * open, or {@code kernel.bpf_stats_enabled} is 1); per config, whether it loaded and its decode errors.
 *
 * @param failed the configs that did not load, each with its error
 */
record SelfCollector(List<LoadedConfig> loaded, Map<String, String> failed) implements MultiCollector {

    @Override
    public MetricSnapshots collect() {
        var attached = GaugeSnapshot.builder().name("ebee_exporter_program_attached")
                .help("1 for each program of a loaded config that is attached");
        var runs = CounterSnapshot.builder().name("ebee_exporter_program_run_count")
                .help("Times the program ran (BPF run statistics, which the exporter turns on while it serves)");
        var runTime = CounterSnapshot.builder().name("ebee_exporter_program_run_seconds")
                .help("Time the program ran (BPF run statistics, which the exporter turns on while it serves)");
        var verified = GaugeSnapshot.builder().name("ebee_exporter_program_verified_instructions")
                .help("Instructions the verifier processed to accept the program (Linux 5.16+)");
        var configs = GaugeSnapshot.builder().name("ebee_exporter_config_loaded")
                .help("1 for a config that loaded and serves metrics, 0 for one that failed");
        var decodeErrors = CounterSnapshot.builder().name("ebee_exporter_decode_errors")
                .help("Map keys that a config's decoders could not read (each distinct key once)");
        for (LoadedConfig c : loaded) {
            configs.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("config", c.name())).value(1).build());
            decodeErrors.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("config", c.name()))
                    .value(c.metrics().decodeErrors()).build());
            for (Map.Entry<String, Program> p : c.collection().programs().entrySet()) {
                Labels labels = Labels.of("config", c.name(), "program", p.getKey());
                Program.Info info = p.getValue().info();
                attached.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(1).build());
                runs.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(info.runCount()).build());
                runTime.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(info.runTimeNs() / 1e9).build());
                verified.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(info.verifiedInstructions()).build());
            }
        }
        failed.keySet().forEach(name ->
                configs.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("config", name)).value(0).build()));
        return MetricSnapshots.of(attached.build(), runs.build(), runTime.build(), verified.build(), configs.build(),
                decodeErrors.build());
    }
}
