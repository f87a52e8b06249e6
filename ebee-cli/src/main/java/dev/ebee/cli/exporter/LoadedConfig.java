package dev.ebee.cli.exporter;

import dev.ebee.Attachments;
import dev.ebee.Collection;
import dev.ebee.ObjectFile;
import dev.ebee.metrics.ConfigParser;
import dev.ebee.metrics.MapMetrics;
import dev.ebee.metrics.MetricsConfig;
import dev.ebee.metrics.decode.Decoders;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of ebpf_exporter's program sets, running: {@code NAME.yaml} parsed, {@code NAME.bpf.o}
 * beside it loaded and attached, the config bound to its maps. Closing detaches and unloads.
 */
record LoadedConfig(String name, MetricsConfig config, Collection collection, Attachments attachments,
                    MapMetrics metrics) implements AutoCloseable {

    /**
     * Loads {@code NAME.yaml} and {@code NAME.bpf.o} from {@code dir}.
     *
     * @throws dev.ebee.metrics.ConfigException for a config it cannot serve
     * @throws dev.ebee.EbeeException when the object does not load or attach
     */
    static LoadedConfig load(Path dir, String name, Decoders decoders) {
        MetricsConfig config = ConfigParser.parse(dir.resolve(name + ".yaml"));
        Path object = dir.resolve(name + ".bpf.o");
        if (!Files.isRegularFile(object)) {
            throw new dev.ebee.metrics.ConfigException(object.toString(), "", "no such file: the config's BPF object"
                    + " is NAME.bpf.o beside NAME.yaml");
        }
        Collection collection = ObjectFile.open(object).load();
        try {
            // bind before attaching: a config that does not fit its maps never runs its programs
            MapMetrics metrics = MapMetrics.bind(config, collection.maps()::get, decoders);
            Attachments attachments = collection.attachAll();
            return new LoadedConfig(name, config, collection, attachments, metrics);
        } catch (RuntimeException e) {
            collection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        attachments.close();
        collection.close();
    }
}
