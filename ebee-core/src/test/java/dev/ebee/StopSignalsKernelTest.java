package dev.ebee;

import dev.ebee.link.Links;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A main that waits on StopSignals: SIGINT and SIGTERM let it detach and exit with status 0. */
@Tag("kernel")
class StopSignalsKernelTest {
    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aStopSignalDetachesAndExitsZero(String sig) throws Exception {
        Kernel.requireBpf();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                StopSignalsMain.class.getName(), TestObjects.path("attach_all").toString())
                // stderr apart: on a fresh machine the child may first say that it mounted tracefs
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String first = out.readLine();
            assertThat(first).as("the child's first line").startsWith("attached ");
            int link = Integer.parseInt(first.substring("attached ".length()));
            assertThat(Links.ids()).contains(link);

            new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> rest = out.lines().toList();
            assertThat(p.exitValue()).as("exit status, output " + rest).isZero();
            assertThat(rest).containsExactly("stopped by SIG" + sig);
            // the link was closed by the child, not by its death: gone as soon as it exited
            assertThat(Links.ids()).doesNotContain(link);
        } finally {
            p.destroyForcibly();
        }
    }
}
