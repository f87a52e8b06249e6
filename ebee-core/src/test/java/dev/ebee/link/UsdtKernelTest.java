package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.Attachments;
import dev.ebee.BpfMap;
import dev.ebee.Collection;
import dev.ebee.EbeeException;
import dev.ebee.ObjectFile;
import dev.ebee.TestObjects;
import dev.ebee.features.Features;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * USDT probes of a C program built here with sys/sdt.h (gcc -O0: arguments on the stack; -O2: in
 * registers and constants), read by an object written against libbpf's usdt.bpf.h
 * (src/test/bpf/usdt.c), and HotSpot's gc__begin in a JVM the test starts. Each program records
 * per process, and the test reads what its own child recorded.
 */
@Tag("kernel")
class UsdtKernelTest {
    static final String SOURCE = """
            #define _SDT_HAS_SEMAPHORES 1
            #include <sys/sdt.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <string.h>
            unsigned short ebee_ints_semaphore __attribute__((section(".probes")));
            unsigned short ebee_consts_semaphore __attribute__((section(".probes")));
            unsigned short ebee_str_semaphore __attribute__((section(".probes")));
            unsigned short ebee_sema_semaphore __attribute__((section(".probes")));
            volatile int8_t s8 = -5; volatile uint8_t u8 = 250;
            volatile int16_t s16 = -3000; volatile uint16_t u16 = 60000;
            volatile int32_t s32 = -100000; volatile uint32_t u32 = 4000000000u;
            volatile int64_t s64 = -5000000000000LL; volatile uint64_t u64 = 0xfedcba9876543210ULL;
            static const char *text = "hello usdt";
            int main(void) {
                char line[64];
                setvbuf(stdout, NULL, _IOLBF, 0);
                puts("ready");
                while (fgets(line, sizeof line, stdin)) {
                    if (!strcmp(line, "fire\\n")) {
                        int8_t a = s8; uint8_t b = u8; int16_t c = s16; uint16_t d = u16;
                        int32_t e = s32; uint32_t f = u32; int64_t g = s64; uint64_t h = u64;
                        STAP_PROBE8(ebee, ints, a, b, c, d, e, f, g, h);
                        STAP_PROBE2(ebee, consts, 5, -7);
                        STAP_PROBE2(ebee, str, text, (long) strlen(text));
                        if (ebee_sema_semaphore)
                            STAP_PROBE1(ebee, sema, 42);
                        puts("fired");
                    } else if (!strcmp(line, "sema\\n")) {
                        printf("%u\\n", ebee_sema_semaphore);
                    }
                }
                return 0;
            }
            """;

    @TempDir
    static Path dir;
    static Path o0, o2;

    @BeforeAll
    static void build() throws Exception {
        Path[] built = buildProbes(dir);
        o0 = built[0];
        o2 = built[1];
    }

    /** The C program with probes, built in {@code dir} with gcc -O0 and -O2 (in that order). */
    static Path[] buildProbes(Path dir) throws Exception {
        Path src = dir.resolve("probes.c");
        Files.writeString(src, SOURCE);
        Path[] built = {dir.resolve("probes-O0"), dir.resolve("probes-O2")};
        gcc("-O0", built[0], src);
        gcc("-O2", built[1], src);
        return built;
    }

    static void gcc(String opt, Path out, Path src) throws Exception {
        Kernel.require(Files.isRegularFile(Path.of("/usr/include/x86_64-linux-gnu/sys/sdt.h"))
                || Files.isRegularFile(Path.of("/usr/include/sys/sdt.h")), "sys/sdt.h (Debian's systemtap-sdt-dev)");
        Process p = new ProcessBuilder("gcc", opt, "-o", out.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("gcc %s: %s", opt, log).isZero();
    }

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
        Kernel.require(Features.kernel().uprobeCookies().supported(), "uprobe BPF cookies");
    }

    /** The C program, talking over its stdin and stdout. */
    static final class Target implements AutoCloseable {
        final Process process;
        final PrintWriter in;
        final BufferedReader out;

        Target(Path binary) throws IOException {
            process = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
            in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), true);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
        }

        int pid() {
            return (int) process.pid();
        }

        String ask(String command) throws IOException {
            in.println(command);
            return out.readLine();
        }

        void fire() throws IOException {
            assertThat(ask("fire")).isEqualTo("fired");
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    static Collection load() {
        return ObjectFile.open(TestObjects.path("usdt")).load();
    }

    /** struct args_seen: args[12] (s64), rc[12] (s32), cnt, hits, cookie. */
    record ArgsSeen(long[] args, int[] rc, int count, int hits, long cookie) {
        static Optional<ArgsSeen> of(BpfMap map, int pid) {
            return Optional.ofNullable(map.lookup(key(pid))).map(v -> {
                ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.nativeOrder());
                long[] a = new long[12];
                int[] rc = new int[12];
                for (int i = 0; i < 12; i++) {
                    a[i] = b.getLong(i * 8);
                }
                for (int i = 0; i < 12; i++) {
                    rc[i] = b.getInt(96 + i * 4);
                }
                return new ArgsSeen(a, rc, b.getInt(144), b.getInt(148), b.getLong(152));
            });
        }
    }

    static byte[] key(int pid) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(pid).array();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void everyIntegerWidthAndSignReadsRight(String opt) throws Exception {
        Path binary = opt.equals("-O0") ? o0 : o2;
        try (Collection c = load(); Target t = new Target(binary)) {
            try (Usdt link = c.attachUsdt("on_args", UsdtTarget.of(binary.toString(), "ebee", "ints").cookie(0xc0ffeeL))) {
                assertThat(link.sites()).hasSize(1);
                t.fire();
            }
            ArgsSeen s = ArgsSeen.of(c.map("args"), t.pid()).orElseThrow();
            assertThat(s.hits()).isEqualTo(1);
            assertThat(s.count()).isEqualTo(8);
            assertThat(s.cookie()).isEqualTo(0xc0ffeeL);
            assertThat(s.args()).startsWith(-5, 250, -3000, 60000, -100000, 4000000000L, -5000000000000L,
                    0xfedcba9876543210L);
            assertThat(s.rc()).startsWith(0, 0, 0, 0, 0, 0, 0, 0).endsWith(-2, -2, -2, -2); // -ENOENT past the last
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void constantsAndAStringByPid(String opt) throws Exception {
        Path binary = opt.equals("-O0") ? o0 : o2;
        try (Collection c = load(); Target t = new Target(binary)) {
            try (Usdt consts = c.attachUsdt("on_args", UsdtTarget.of(binary.toString(), "ebee", "consts").pid(t.pid()));
                 Usdt str = c.attachUsdt("on_string", UsdtTarget.of(binary.getFileName().toString(), "ebee", "str").pid(t.pid()))) {
                assertThat(str.binary()).isEqualTo(binary.toRealPath());
                t.fire();
            }
            ArgsSeen s = ArgsSeen.of(c.map("args"), t.pid()).orElseThrow();
            assertThat(s.count()).isEqualTo(2);
            assertThat(s.args()).startsWith(5, -7);
            assertThat(s.cookie()).isZero();
            ByteBuffer str = ByteBuffer.wrap(java.util.Objects.requireNonNull(c.map("strings").lookup(key(t.pid())))).order(ByteOrder.nativeOrder());
            byte[] text = new byte[32];
            str.get(0, text);
            assertThat(new String(text, StandardCharsets.US_ASCII)).startsWith("hello usdt\0");
            assertThat(str.getLong(32)).isEqualTo(10);
            assertThat(str.getInt(40)).isEqualTo(1);
        }
    }

    /** The kernel raises the semaphore while the probe is attached, so the program fires it only then. */
    @Test
    void semaphoreIsSetOnlyWhileAttached() throws Exception {
        try (Collection c = load(); Target t = new Target(o2)) {
            assertThat(t.ask("sema")).isEqualTo("0");
            try (Usdt link = c.attachUsdt("on_args", UsdtTarget.of(o2.toString(), "ebee", "sema"))) {
                assertThat(link.probes().getFirst().hasSemaphore()).isTrue();
                assertThat(t.ask("sema")).isEqualTo("1");
                t.fire();
            }
            assertThat(t.ask("sema")).isEqualTo("0");
            t.fire(); // not attached: the program skips the probe
            ArgsSeen s = ArgsSeen.of(c.map("args"), t.pid()).orElseThrow();
            assertThat(s.hits()).isEqualTo(1);
            assertThat(s.count()).isEqualTo(1);
            assertThat(s.args()[0]).isEqualTo(42);
        }
    }

    @Test
    void closingFreesTheSpecsAndEveryLink() throws Exception {
        try (Collection c = load()) {
            Usdt a = c.attachUsdt("on_args", UsdtTarget.of(o2.toString(), "ebee", "ints"));
            Usdt b = c.attachUsdt("on_args", UsdtTarget.of(o0.toString(), "ebee", "ints"));
            assertThat(a.sites().getFirst().info().type()).isEqualTo(LinkType.PERF_EVENT);
            a.close();
            b.close();
            assertThat(a.isClosed()).isTrue();
            assertThat(a.sites()).allMatch(Uprobe::isClosed);
        }
    }

    @Test
    void errorsSayWhatIsMissing() throws Exception {
        try (Collection c = load()) {
            assertThatThrownBy(() -> c.attachUsdt("on_args", UsdtTarget.of(o2.toString(), "ebee", "intz")))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageStartingWith("no USDT probe ebee:intz in " + o2.toRealPath() + "; nearest: ebee:ints, ");
            assertThatThrownBy(() -> c.attachUsdt("on_args", UsdtTarget.of("/bin/sh", "ebee", "ints")))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageEndingWith(" has no USDT probes (no .note.stapsdt notes)");
            assertThatThrownBy(() -> c.attachUsdt("on_args", UsdtTarget.of(dir.resolve("nosuch").toString(), "ebee", "ints")))
                    .isInstanceOf(AttachTargetNotFoundException.class).hasMessage("no such binary: " + dir.resolve("nosuch"));
            assertThatThrownBy(() -> c.attachUsdt("on_args", UsdtTarget.of("libjvm.so", "hotspot", "gc__begin").pid(Integer.MAX_VALUE)))
                    .isInstanceOf(AttachTargetNotFoundException.class).hasMessageStartingWith("no process " + Integer.MAX_VALUE);
        }
        try (Collection other = ObjectFile.open(TestObjects.path("attach_targets")).load()) {
            assertThatThrownBy(() -> other.attachUsdt("entry", UsdtTarget.of(o2.toString(), "ebee", "ints")))
                    .isInstanceOf(EbeeException.class)
                    .hasMessage("cannot attach entry to usdt " + o2 + ":ebee:ints: attach_targets.o has no __bpf_usdt_specs map");
        }
    }

    /** usdt/PATH:PROVIDER:NAME attaches by section name: HotSpot's gc__begin, once per System.gc() of a serial-GC JVM. */
    @Test
    void attachAllOnAJvmsGcBegin() throws Exception {
        Path java = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        Assumptions.assumeTrue(Files.isRegularFile(UsdtProbesTest.libjvmPathOrSkip()), "Temurin 25 is not installed");
        Path src = dir.resolve("Gc.java");
        Files.writeString(src, """
                public class Gc {
                    public static void main(String[] a) throws Exception {
                        System.out.println("ready");
                        if (System.in.read() < 0) return;
                        for (int i = 0; i < 3; i++) System.gc();
                        System.out.println("done");
                    }
                }
                """);
        try (Collection c = ObjectFile.open(TestObjects.path("usdt_jvm")).load(); Attachments links = c.attachAll()) {
            assertThat(links.links()).singleElement().isInstanceOf(Usdt.class);
            Process p = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx64m", "-Xlog:disable", src.toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(out.readLine()).isEqualTo("ready");
                long before = gcs(c, (int) p.pid());
                p.getOutputStream().write('\n');
                p.getOutputStream().flush();
                assertThat(out.readLine()).isEqualTo("done");
                assertThat(gcs(c, (int) p.pid()) - before).isEqualTo(3);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** By pid: libjvm.so found through /proc/PID/maps of a running Debian OpenJDK 17, wherever its JDK lives. */
    @Test
    void attachByPidFindsTheJvmsLibjvm() throws Exception {
        Path java = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        Assumptions.assumeTrue(Files.isRegularFile(java), "Debian's OpenJDK 17 is not installed");
        Path src = dir.resolve("Gc17.java");
        Files.writeString(src, """
                public class Gc17 {
                    public static void main(String[] a) throws Exception {
                        System.out.println("ready");
                        if (System.in.read() < 0) return;
                        for (int i = 0; i < 2; i++) System.gc();
                        System.out.println("done");
                    }
                }
                """);
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx64m", "-Xlog:disable", src.toString())
                .redirectErrorStream(true).start();
        try (Collection c = ObjectFile.open(TestObjects.path("usdt_jvm")).load()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
            int pid = (int) p.pid();
            try (Usdt link = c.attachUsdt("gc_begin", UsdtTarget.of("libjvm.so", "hotspot", "gc__begin").pid(pid))) {
                assertThat(link.binary().toString()).endsWith("/lib/server/libjvm.so");
                assertThat(link.binary().toRealPath()).isEqualTo(java.getParent().getParent().resolve("lib/server/libjvm.so").toRealPath());
                long before = gcs(c, pid);
                p.getOutputStream().write('\n');
                p.getOutputStream().flush();
                assertThat(out.readLine()).isEqualTo("done");
                assertThat(gcs(c, pid) - before).isEqualTo(2);
            }
        } finally {
            p.destroyForcibly();
        }
    }

    static long gcs(Collection c, int pid) {
        return Optional.ofNullable(c.map("gcs").lookup(key(pid))).map(v -> ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getLong()).orElse(0L);
    }
}
