package dev.ebee.cli.exporter;

import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter end to end: ebee serves examples/exporter's execs config, a real Prometheus server
 * (Debian's package, on loopback, with its own config and data dir) scrapes it every second, and
 * PromQL over Prometheus's HTTP API returns the execs this test caused (of a command name only
 * this test uses), a histogram of them whose _count matches, and (from the syscalls config) the
 * getppid calls this test's thread made under a name only it uses. A broken config beside it is
 * reported and left out, and the good one keeps running.
 */
@Tag("kernel")
class ExporterPrometheusTest {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path EXAMPLES = Path.of("target/test-classes/exporter");
    static final int EXECS = 3;
    static final int GETPPIDS = 7;
    static final Duration DEADLINE = Duration.ofSeconds(60);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void needs() {
        Kernel.requireBpf();
        Kernel.require(Files.isExecutable(PROMETHEUS), "Prometheus server (" + PROMETHEUS
                + ", Debian's prometheus package, which scripts/env.sh installs)");
    }

    @Test
    void prometheusScrapesTheExecsAndSyscallsThisTestCaused(@TempDir Path tmp) throws Exception {
        Path configs = Files.createDirectories(tmp.resolve("configs"));
        for (String f : List.of("execs.yaml", "execs.bpf.o", "syscalls.yaml", "syscalls.bpf.o")) {
            Files.copy(EXAMPLES.resolve(f), configs.resolve(f));
        }
        Files.copy(EXAMPLES.resolve("execs.bpf.o"), configs.resolve("broken.bpf.o"));
        Files.writeString(configs.resolve("broken.yaml"), Files.readString(EXAMPLES.resolve("execs.yaml"))
                .replaceFirst("name: string", "name: strnig"));
        // a command name no other process on the machine has: comm is at most 15 bytes
        String command = "ebx" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        Path binary = Files.copy(Path.of("/bin/true"), tmp.resolve(command), StandardCopyOption.COPY_ATTRIBUTES);

        StringWriter errors = new StringWriter();
        try (Exporter exporter = Exporter.start(configs, List.of("execs", "syscalls", "broken"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new PrintWriter(errors, true))) {
            assertThat(errors.toString()).isEqualTo("ebee exporter: config broken left out: " + configs.resolve("broken.yaml")
                    + ": metrics.counters[0].labels[0].decoders[0].name: unknown decoder \"strnig\" (known: uint, string,"
                    + " hex, errno, syscall, inet_ip, static_map, regexp, ksym, majorminor, ifname, cgroup, dname)\n");
            assertThat(exporter.served()).containsExactly("execs", "syscalls");

            // attached once start returns: now cause the events
            for (int i = 0; i < EXECS; i++) {
                Process p = new ProcessBuilder(binary.toString()).start();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            ThreadCalls.getppid(command, GETPPIDS);

            int port = freeLoopbackPort();
            Path yml = Files.writeString(tmp.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: ebee
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(exporter.port()));
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + yml,
                    "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
            try {
                String base = "http://127.0.0.1:" + port;
                await(() -> get(base + "/-/ready").startsWith("Prometheus Server is Ready"), "Prometheus ready", tmp);
                String execs = "sum(ebpf_exporter_exec_total{comm=\"" + command + "\"})";
                String count = "sum(ebpf_exporter_exec_latency_seconds_count{comm=\"" + command + "\"})";
                await(() -> Integer.toString(EXECS).equals(query(base, execs)), execs + " == " + EXECS, tmp);
                await(() -> Integer.toString(EXECS).equals(query(base, count)), count + " == " + EXECS, tmp);
                String calls = "sum(ebpf_exporter_syscalls_total{comm=\"" + command + "\",syscall=\"getppid\"})";
                await(() -> Integer.toString(GETPPIDS).equals(query(base, calls)), calls + " == " + GETPPIDS, tmp);
                assertThat(query(base, "ebee_exporter_config_loaded{config=\"broken\"}")).isEqualTo("0");
                assertThat(query(base, "ebee_exporter_program_attached{config=\"execs\",program=\"count_exec\"}"))
                        .isEqualTo("1");
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The value of an instant query's single result, or null while it has none. */
    private String query(String base, String promql) throws IOException, InterruptedException {
        String body = get(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"]").matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private String get(String url) throws IOException, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.net.ConnectException e) {
            return ""; // not listening yet
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} until it holds; past the deadline, fails with Prometheus's log. */
    private static void await(Check check, String what, Path tmp) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + DEADLINE + "; Prometheus said:\n"
                        + Files.readString(tmp.resolve("prometheus.log")));
            }
            Thread.sleep(200);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
