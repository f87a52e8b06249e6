package dev.ebee.link;

import dev.ebee.Collection;
import dev.ebee.TestObjects;
import dev.ebee.features.Features;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same object written against libbpf's usdt.bpf.h (src/test/bpf/usdt.c), on the same probe of
 * the same C program, loaded and attached once by libbpf (a small C harness, usdt_libbpf.c, with
 * libbpf's own USDT support) and once by ebee: both record the same arguments, return codes,
 * count and cookie.
 */
@Tag("kernel")
class UsdtLibbpfParityTest {
    @TempDir
    static Path dir;
    private static Path harness;
    private static Path[] probes;

    @BeforeAll
    static void build() throws Exception {
        Kernel.requireBpf();
        Kernel.require(Features.kernel().uprobeCookies().supported(), "uprobe BPF cookies");
        probes = UsdtKernelTest.buildProbes(dir);
        Path src = dir.resolve("usdt_libbpf.c");
        try (InputStream in = UsdtLibbpfParityTest.class.getResourceAsStream("usdt_libbpf.c")) {
            Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
        }
        harness = dir.resolve("usdt_libbpf");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-Wall", "-o", harness.toString(), src.toString(), "-lbpf")
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc usdt_libbpf.c: %s", log).isZero();
    }

    /** What libbpf's side recorded for the target, as the lines the harness prints. */
    private static List<String> underLibbpf(Path binary, long cookie) throws Exception {
        try (UsdtKernelTest.Target t = new UsdtKernelTest.Target(binary)) {
            Process h = new ProcessBuilder(harness.toString(), TestObjects.path("usdt").toString(), binary.toString(),
                    Long.toString(cookie), Integer.toString(t.pid())).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(h.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter in = new PrintWriter(new OutputStreamWriter(h.getOutputStream(), StandardCharsets.US_ASCII), true);
                String first = out.readLine();
                assertThat(first).as("the harness's first line").isEqualTo("attached");
                t.fire();
                in.println("dump");
                List<String> lines = new ArrayList<>(out.lines().toList());
                assertThat(h.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(h.exitValue()).as(String.join("\n", lines)).isZero();
                return lines;
            } finally {
                h.destroyForcibly();
            }
        }
    }

    /** What ebee's side recorded, in the harness's words. */
    private static List<String> underEbee(Path binary, long cookie) throws Exception {
        try (Collection c = UsdtKernelTest.load(); UsdtKernelTest.Target t = new UsdtKernelTest.Target(binary)) {
            try (Usdt link = c.attachUsdt("on_args", UsdtTarget.of(binary.toString(), "ebee", "ints").cookie(cookie))) {
                t.fire();
            }
            UsdtKernelTest.ArgsSeen s = UsdtKernelTest.ArgsSeen.of(c.map("args"), t.pid()).orElseThrow();
            List<String> lines = new ArrayList<>();
            lines.add("hits " + s.hits() + " cnt " + s.count() + " cookie " + Long.toUnsignedString(s.cookie()));
            for (int i = 0; i < s.args().length; i++) {
                lines.add("arg " + i + " " + s.args()[i] + " " + s.rc()[i]);
            }
            return lines;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void ebeeRecordsWhatLibbpfRecords(String opt) throws Exception {
        Path binary = opt.equals("-O0") ? probes[0] : probes[1];
        List<String> libbpf = underLibbpf(binary, 0xc0ffeeL);
        assertThat(libbpf).first().asString().isEqualTo("hits 1 cnt 8 cookie " + 0xc0ffeeL);
        assertThat(underEbee(binary, 0xc0ffeeL)).isEqualTo(libbpf);
    }
}
