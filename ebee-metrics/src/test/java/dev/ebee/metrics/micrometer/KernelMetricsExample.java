package dev.ebee.metrics.micrometer;

import dev.ebee.Attachments;
import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.ObjectFile;
import dev.ebee.metrics.ConfigParser;
import dev.ebee.metrics.MapMetrics;
import dev.ebee.metrics.MetricsConfig;
import dev.ebee.metrics.decode.Decoders;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;

/**
 * The README's Micrometer example, compiled: the lines between the markers are the README's code
 * block word for word (ReadmeMicrometerExampleTest compares them), so an API change that breaks
 * the example breaks the build. An application would hold one of these for as long as it serves.
 */
final class KernelMetricsExample implements AutoCloseable {
    private final Collection bpf;
    private final Attachments attached;

    KernelMetricsExample(MeterRegistry registry) {
        // README begin
        CollectionSpec spec = ObjectFile.fromResource(KernelMetricsExample.class, "execs.bpf.o");
        MetricsConfig config = ConfigParser.parse(Path.of("execs.yaml"));   // ebpf_exporter's format
        Collection bpf = spec.load();                                        // keep both open while serving
        MapMetrics metrics = MapMetrics.bind(config, bpf.maps()::get, new Decoders());
        Attachments attached = bpf.attachAll();

        // any MeterRegistry; in Spring Boot, return the binder from a @Bean method instead
        new MapMetricsBinder(metrics).bindTo(registry);  // ebpf_exporter_exec_total{comm="ls"}
        // README end
        this.bpf = bpf;
        this.attached = attached;
    }

    @Override
    public void close() {
        attached.close();
        bpf.close();
    }
}
