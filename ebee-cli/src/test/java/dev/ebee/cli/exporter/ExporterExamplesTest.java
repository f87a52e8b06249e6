package dev.ebee.cli.exporter;

import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every config of examples/exporter loads, attaches and is served: the file deletion this test
 * makes (under a command name only it uses) shows in the first scrape after it, as its exec and
 * its one unlinkat, and each config's metric families are there (packets and the latency histogram
 * count what the whole machine does, so only their presence is checked).
 */
@Tag("kernel")
class ExporterExamplesTest {
    @Test
    void everyExampleIsServed(@TempDir Path tmp) throws Exception {
        Kernel.requireBpf();
        StringWriter errors = new StringWriter();
        try (Exporter exporter = Exporter.start(ExporterPrometheusTest.EXAMPLES,
                List.of("execs", "deletions", "packets", "syscalls"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new PrintWriter(errors, true))) {
            assertThat(errors.toString()).isEmpty();
            String command = "ebrm" + ProcessHandle.current().pid();
            Path rm = Files.copy(Path.of("/bin/rm"), tmp.resolve(command));
            Path victim = Files.writeString(tmp.resolve("victim"), "x");
            assertThat(new ProcessBuilder(rm.toString(), victim.toString()).start().waitFor()).isZero();

            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + exporter.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(text).contains("ebpf_exporter_file_deletions_total{comm=\"" + command + "\"} 1.0")
                    .contains("ebpf_exporter_exec_total{comm=\"" + command + "\"} 1.0")
                    .contains("# TYPE ebpf_exporter_packets_total counter", "ebpf_exporter_packets_total{protocol=\"ipv4\"}")
                    .contains("ebpf_exporter_syscalls_total{comm=\"" + command + "\",syscall=\"unlinkat\"} 1.0")
                    .contains("# TYPE ebpf_exporter_syscall_latency_seconds histogram")
                    // run statistics are on while it serves: the exec above ran the execs programs
                    .containsPattern("ebee_exporter_program_run_count_total\\{config=\"execs\",program=\"[^\"]+\"\\} [1-9]")
                    .containsPattern("ebee_exporter_program_verified_instructions\\{config=\"execs\",program=\"[^\"]+\"\\} [1-9]");
        }
    }
}
