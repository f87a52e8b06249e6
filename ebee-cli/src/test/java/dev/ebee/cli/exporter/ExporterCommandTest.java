package dev.ebee.cli.exporter;

import dev.ebee.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad command lines and configs: one line each, a non-zero exit, no kernel needed. */
class ExporterCommandTest {
    @TempDir
    Path dir;

    @Test
    void noConfigThatLoadsIsAFailure() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "metrics: {counters: [{name: c, labels: [{name: x, size: 4}]}]}");
        Run r = run("--config.dir", dir.toString(), "--config.names", "a,b");
        assertThat(r.rc).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err.lines()).containsExactly(
                "ebee exporter: config a left out: " + dir.resolve("a.yaml") + ": metrics.counters[0].labels[0].decoders: missing:"
                        + " a label needs at least one decoder",
                "ebee exporter: config b left out: " + dir.resolve("b.yaml") + ": no such file",
                "ebee: no config loaded (a, b) (fix the errors above; each config is NAME.yaml beside NAME.bpf.o in --config.dir)");
    }

    @Test
    void aConfigWithoutItsObjectIsNamed() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "metrics: {counters: [{name: c, labels: [{name: x, size: 4, decoders: [{name: uint}]}]}]}");
        Run r = run("--config.dir", dir.toString(), "--config.names", "a");
        assertThat(r.err.lines().findFirst()).hasValue("ebee exporter: config a left out: " + dir.resolve("a.bpf.o")
                + ": no such file: the config's BPF object is NAME.bpf.o beside NAME.yaml");
    }

    @Test
    void aBadListenAddressIsAUsageError() {
        Run r = run("--config.dir", dir.toString(), "--config.names", "a", "--web.listen-address", "127.0.0.1:99999");
        assertThat(r.rc).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err).isEqualTo("ebee exporter: --web.listen-address: bad port in 127.0.0.1:99999 (see --help)\n");
        assertThat(run("--config.dir", dir.toString()).err).contains("Missing required option: '--config.names=NAME'");
    }

    record Run(int rc, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int rc = Main.execute(new ExporterCommand(), "exporter", args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new Run(rc, err.toString());
    }
}
