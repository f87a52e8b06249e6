package dev.ebee.cli;

import dev.ebee.testing.Kernel;
import dev.ebee.testing.ReadableClassPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools run as an unprivileged user (nobody, no capabilities): one clear line saying what to
 * do, a non-zero exit, no stack trace.
 */
@Tag("kernel")
class UnprivilegedTest {
    private static ReadableClassPath readable;

    @BeforeAll
    static void copyClassPath() throws IOException {
        Kernel.require(Kernel.isRoot(), "root (to start a process as nobody)");
        Kernel.require(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux)");
        readable = ReadableClassPath.copy();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (readable != null) {
            readable.close();
        }
    }

    private static List<String> runAsNobody(String... args) throws Exception {
        return runAsNobodyWith("-all", args);
    }

    /** As nobody with {@code caps} (setpriv's syntax: {@code -all}, {@code +bpf}...) inherited and ambient. */
    private static List<String> runAsNobodyWith(String caps, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=" + caps, "--ambient-caps=" + caps, "--bounding-set=-all" + (caps.equals("-all") ? "" : "," + caps),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", readable.classPath(), "dev.ebee.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(readable.dir().toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        lines = new ArrayList<>(lines);
        lines.add("exit " + p.exitValue());
        return lines;
    }

    @Test
    void execsnoopSaysToRunAsRoot() throws Exception {
        List<String> r = runAsNobody("execsnoop", "-d", "1");
        assertThat(r.getLast()).isEqualTo("exit 1");
        assertThat(r).hasSize(2);
        assertThat(r.getFirst()).startsWith("ebee: ").contains("EPERM")
                // CAP_SYS_ADMIN too where perf_event_paranoid is above 2 (Debian's 6.1)
                .containsPattern("this process lacks CAP_BPF and CAP_PERFMON( and CAP_SYS_ADMIN)?, which execsnoop needs")
                .contains("ebee doctor");
    }

    @Test
    void pktmonSaysToRunAsRoot() throws Exception {
        List<String> r = runAsNobody("pktmon", "-i", "lo", "-d", "1");
        assertThat(r.getLast()).isEqualTo("exit 1");
        assertThat(r.getFirst()).as(String.join("\n", r)).startsWith("ebee: ")
                .contains("lacks CAP_BPF and CAP_PERFMON and CAP_NET_ADMIN, which pktmon needs");
        assertThat(String.join("\n", r)).doesNotContain("\tat ");
    }

    @Test
    void doctorNamesWhatIsMissing() throws Exception {
        List<String> r = runAsNobody("doctor");
        assertThat(r.getLast()).isEqualTo("exit 1");
        assertThat(r).anySatisfy(l -> assertThat(l).contains("capabilities").contains("uid 65534").contains("CAP_BPF no"));
        assertThat(r).anySatisfy(l -> assertThat(l).contains("not probed"));
        assertThat(r).anySatisfy(l -> assertThat(l.strip()).startsWith("execsnoop").contains("cannot run: needs CAP_BPF, CAP_PERFMON"));
        assertThat(r).anySatisfy(l -> assertThat(l.strip()).startsWith("pktmon").contains("CAP_NET_ADMIN"));
    }

    /**
     * With CAP_BPF and CAP_PERFMON, the line names the one capability still missing: the kernel
     * asks CAP_SYS_ADMIN for uprobes made through perf_event_open.
     */
    @Test
    void theMissingCapabilityIsNamed() throws Exception {
        List<String> r = runAsNobodyWith("+bpf,+perfmon", "bashreadline", "-d", "1");
        assertThat(r.getLast()).isEqualTo("exit 1");
        assertThat(r.getFirst()).as(String.join("\n", r)).startsWith("ebee: ")
                .contains("this process lacks CAP_SYS_ADMIN, which bashreadline needs");
    }
}
