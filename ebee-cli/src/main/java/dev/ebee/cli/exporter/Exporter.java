package dev.ebee.cli.exporter;

import dev.ebee.BpfStats;
import dev.ebee.EbeeException;
import dev.ebee.metrics.ConfigException;
import dev.ebee.metrics.decode.Decoders;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ebpf_exporter's program sets loaded and served over HTTP at {@code /metrics}, in the
 * Prometheus text format or OpenMetrics (as the scraper asks). A config that fails is reported
 * (one line on {@code err}) and left out; the others run. Closing stops the server, then
 * detaches and unloads everything.
 */
public final class Exporter implements AutoCloseable {
    private final List<LoadedConfig> loaded;
    private final Map<String, String> failed;
    private final HTTPServer server;
    private final BpfStats stats; // null when the kernel refused to turn run statistics on

    private Exporter(List<LoadedConfig> loaded, Map<String, String> failed, HTTPServer server, BpfStats stats) {
        this.loaded = loaded;
        this.failed = failed;
        this.server = server;
        this.stats = stats;
    }

    /**
     * Loads each of {@code names} from {@code dir} and serves them on {@code address} (port 0: any free one).
     *
     * @throws EbeeException when no config loaded, or the address cannot be bound
     */
    public static Exporter start(Path dir, List<String> names, InetSocketAddress address, PrintWriter err) {
        List<LoadedConfig> loaded = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Decoders decoders = new Decoders();
        for (String name : names) {
            try {
                loaded.add(LoadedConfig.load(dir, name, decoders));
            } catch (ConfigException | EbeeException e) {
                String message = e instanceof EbeeException ee ? name + ".bpf.o: " + ee.oneLine() : e.getMessage();
                failed.put(name, message);
                err.println("ebee exporter: config " + name + " left out: " + message);
                err.flush();
            }
        }
        if (loaded.isEmpty()) {
            throw new EbeeException("no config loaded (" + String.join(", ", names) + ")",
                    "fix the errors above; each config is NAME.yaml beside NAME.bpf.o in --config.dir");
        }
        BpfStats stats = runStatistics(err);
        PrometheusRegistry registry = new PrometheusRegistry();
        loaded.forEach(c -> registry.register(new MapCollector(c.metrics())));
        registry.register(new SelfCollector(loaded, failed));
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(address.getAddress()).port(address.getPort())
                    .registry(registry).buildAndStart();
            return new Exporter(loaded, failed, server, stats);
        } catch (IOException e) {
            loaded.forEach(LoadedConfig::close);
            if (stats != null) {
                stats.close();
            }
            throw new EbeeException("cannot listen on " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + ": " + e.getMessage(), "choose another --web.listen-address");
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** The names of the configs being served. */
    public List<String> served() {
        return loaded.stream().map(LoadedConfig::name).toList();
    }

    /** The configs left out, each with its one-line error. */
    public Map<String, String> failed() {
        return Map.copyOf(failed);
    }

    /** Run statistics on while serving, for the run count and time metrics; without the privilege, said once and left off. */
    private static BpfStats runStatistics(PrintWriter err) {
        try {
            return BpfStats.enable();
        } catch (EbeeException e) {
            err.println("ebee exporter: programs' run counts and times stay 0: " + e.oneLine());
            err.flush();
            return null;
        }
    }

    @Override
    public void close() {
        server.close();
        loaded.forEach(LoadedConfig::close);
        if (stats != null) {
            stats.close();
        }
    }
}
