package dev.ebee.cli.exporter;

import dev.ebee.StopSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ebee exporter}: cloudflare ebpf_exporter's configs served as Prometheus metrics, with
 * ebpf_exporter's options; only its default address differs (loopback, not every interface).
 */
@Command(name = "exporter", mixinStandardHelpOptions = true,
        description = "Serve BPF maps as Prometheus metrics, configured as cloudflare ebpf_exporter is "
                + "(NAME.yaml beside NAME.bpf.o)")
public final class ExporterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config.dir", required = true, paramLabel = "DIR",
            description = "directory of NAME.yaml and NAME.bpf.o")
    Path dir;

    @Option(names = "--config.names", required = true, split = ",", paramLabel = "NAME",
            description = "configs to load, comma-separated")
    List<String> names;

    @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9435",
            description = "where to serve /metrics (default: ${DEFAULT-VALUE}; ':9435' is every interface)")
    String listen;

    @Override
    public Integer call() {
        InetSocketAddress address = address(listen);
        PrintWriter err = spec.commandLine().getErr();
        try (Exporter exporter = Exporter.start(dir, names, address, err);
             StopSignals stop = StopSignals.install()) {
            err.println("ebee exporter: serving " + String.join(", ", exporter.served()) + " on http://"
                    + hostText(address.getAddress()) + ":" + exporter.port() + "/metrics (Ctrl-C to stop)");
            err.flush();
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code HOST:PORT}, {@code [V6]:PORT}, or {@code :PORT} for every interface, as ebpf_exporter takes it. */
    InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ParameterException(spec.commandLine(), "--web.listen-address: expected HOST:PORT, not " + text);
        }
        String host = text.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--web.listen-address: bad port in " + text);
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--web.listen-address: unknown host " + host);
        }
    }

    private static String hostText(InetAddress a) {
        return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }
}
