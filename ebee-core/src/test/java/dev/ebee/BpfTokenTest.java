package dev.ebee;

import dev.ebee.features.Features;
import dev.ebee.testing.Kernel;
import dev.ebee.testing.ReadableClassPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BPF tokens: a JVM in a user namespace, without any capability in the init namespace, loads an
 * object through a token from a bpffs that delegates to its namespace (made by
 * {@code delegated_bpffs.c}, as a container runtime would), and is refused without one.
 */
@Tag("kernel")
class BpfTokenTest {
    private static ReadableClassPath readable;
    private static Path sandbox;
    private static Path object;

    @BeforeAll
    static void build() throws Exception {
        Kernel.requireBpf();
        if (!Features.kernel().bpfTokens().supported()) {
            return; // each test says why it is skipped (a class-level skip shows in no report)
        }
        readable = ReadableClassPath.copy();
        Path src = readable.dir().resolve("delegated_bpffs.c");
        try (InputStream in = BpfTokenTest.class.getResourceAsStream("token/delegated_bpffs.c")) {
            Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
        }
        sandbox = readable.dir().resolve("delegated_bpffs");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-Wall", "-o", sandbox.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor()).as(log).isZero();
        object = Files.copy(TestObjects.path("globals"), readable.dir().resolve("globals.o"));
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** A kernel before 6.9 truly lacks tokens: skipped with the probe's reason, in CI too. */
    @org.junit.jupiter.api.BeforeEach
    void tokens() {
        Kernel.assumeProbe(Features.kernel().bpfTokens());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (readable != null) {
            readable.close();
        }
    }

    /** TokenLoadMain in the sandbox, as root of a user namespace that is nobody outside; its output lines. */
    private static List<String> inSandbox(Map<String, String> env, String... args) throws Exception {
        Path mount = Files.createDirectories(readable.dir().resolve("bpffs"));
        List<String> cmd = new ArrayList<>(List.of(sandbox.toString(), mount.toString(), "65534",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", readable.classPath(), TokenLoadMain.class.getName(), object.toString()));
        for (String a : args) {
            cmd.add(a.replace("BPFFS", mount.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(readable.dir().toFile()).redirectErrorStream(true);
        pb.environment().remove(BpfToken.PATH_VARIABLE);
        env.forEach((k, v) -> pb.environment().put(k, v.replace("BPFFS", mount.toString())));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes()).lines().toList());
        lines.add("exit " + p.exitValue());
        return lines;
    }

    @Test
    void withoutATokenTheNamespaceIsRefused() throws Exception {
        List<String> out = inSandbox(Map.of());
        assertThat(out).as(String.join("\n", out)).anySatisfy(l -> assertThat(l).startsWith("refused: ").contains("EPERM"));
    }

    @Test
    void anExplicitTokenLoadsAndRuns() throws Exception {
        List<String> out = inSandbox(Map.of(), "BPFFS");
        assertThat(out).as(String.join("\n", out)).contains("loaded: ret 0 output 105", "exit 0");
    }

    @Test
    void theLibbpfVariableLoadsWithoutCodeChanges() throws Exception {
        List<String> out = inSandbox(Map.of(BpfToken.PATH_VARIABLE, "BPFFS"));
        assertThat(out).as(String.join("\n", out)).contains("loaded: ret 0 output 105", "exit 0");
    }

    /** In the init namespace, the host's /sys/fs/bpf delegates nothing: a clear error, not a token. */
    @Test
    void aBpffsWithoutDelegationGivesNoToken(@org.junit.jupiter.api.io.TempDir Path notBpffs) {
        assertThatThrownBy(() -> BpfToken.open(notBpffs)).isInstanceOf(EbeeException.class)
                .hasMessageContaining("BPF_TOKEN_CREATE from " + notBpffs);
    }
}
