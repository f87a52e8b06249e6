package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.internal.sys.Fd;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uprobes on a tiny C program compiled at test time, filtered on the pid of the run the test starts. */
@Tag("kernel")
class UprobeTest {
    static final String SOURCE = """
            #include <stdio.h>
            __attribute__((noinline)) int ebee_target(int x) { __asm__ volatile("" ::: "memory"); return x * 2 + 1; }
            int main(void) {
                char buf[8];
                if (!fgets(buf, sizeof buf, stdin)) return 1;
                int s = 0;
                for (int i = 1; i <= 5; i++) s += ebee_target(i);
                puts(s == 35 ? "ok" : "bad");
                return 0;
            }
            """;

    static final String LIB_SOURCE = """
            __attribute__((noinline)) static int ebee_hidden(int x) { __asm__ volatile("" ::: "memory"); return x + 100; }
            int ebee_lib_fn(int x) { return ebee_hidden(x) + 1; }
            """;
    static final String LIB_USER = """
            #include <stdio.h>
            int ebee_lib_fn(int x);
            int main(void) {
                char buf[8];
                if (!fgets(buf, sizeof buf, stdin)) return 1;
                int s = 0;
                for (int i = 0; i < 3; i++) s += ebee_lib_fn(i);
                puts(s == 306 ? "ok" : "bad");
                return 0;
            }
            """;

    @TempDir
    static Path dir;
    static Path pie;
    static Path noPie;
    static Path lib;
    static Path libUser;

    @BeforeAll
    static void compile() throws Exception {
        Path src = dir.resolve("target.c");
        Files.writeString(src, SOURCE);
        pie = dir.resolve("target-pie");
        noPie = dir.resolve("target-nopie");
        gcc(List.of("gcc", "-O1", "-fPIE", "-pie", "-o", pie.toString(), src.toString()));
        gcc(List.of("gcc", "-O1", "-fno-pie", "-no-pie", "-o", noPie.toString(), src.toString()));
        Path libSrc = dir.resolve("lib.c"), userSrc = dir.resolve("user.c");
        Files.writeString(libSrc, LIB_SOURCE);
        Files.writeString(userSrc, LIB_USER);
        lib = dir.resolve("libebeet.so");
        libUser = dir.resolve("lib-user");
        gcc(List.of("gcc", "-O1", "-shared", "-fPIC", "-o", lib.toString(), libSrc.toString()));
        gcc(List.of("gcc", "-O1", "-o", libUser.toString(), userSrc.toString(), "-L" + dir, "-lebeet",
                "-Wl,-rpath," + dir));
    }

    private static void gcc(List<String> cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            Kernel.require(false, "gcc to build the uprobe target");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("gcc: %s", out).isZero();
    }

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
        Kernel.require(Uprobe.available(), "the uprobe PMU");
    }

    /** Starts {@code binary}, which waits for a line on stdin before calling ebee_target 5 times. */
    static Process start(Path binary) throws IOException {
        return new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
    }

    static void go(Process p) throws Exception {
        try (OutputStream in = p.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out.strip()).isEqualTo("ok");
    }

    @Test
    void uprobeCountsCallsOfTheChild() throws Exception {
        for (Path binary : List.of(pie, noPie)) {
            try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
                 Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.countByTgid(map.get(), 0))) {
                Process p = start(binary);
                try {
                    int pid = (int) p.pid();
                    try (Uprobe link = Uprobe.attach(prog.get(), UprobeTarget.symbol(binary.toString(), "ebee_target").pid(pid))) {
                        assertThat(link.info().type()).isEqualTo(LinkType.PERF_EVENT);
                        assertThat(link.fileOffset()).isPositive();
                        go(p);
                    }
                    assertThat(TestBpf.lookup(map, pid)).as("calls in %s", binary.getFileName()).isEqualTo(5);
                } finally {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void uprobeWithoutPidSeesEveryProcessSoFilterInTheProgram() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
             Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.countByTgid(map.get(), 0));
             Uprobe link = Uprobe.attach(prog.get(), pie.toString(), "ebee_target")) {
            Process a = start(pie), b = start(pie);
            try {
                go(a);
                go(b);
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
            }
            assertThat(TestBpf.lookup(map, (int) a.pid())).isEqualTo(5);
            assertThat(TestBpf.lookup(map, (int) b.pid())).isEqualTo(5);
        }
    }

    @Test
    void sharedLibraryExportedAndStaticSymbols() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
             Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.countByTgid(map.get(), 0));
             Fd retMap = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
             Fd retProg = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.storeReturnByTgid(retMap.get()))) {
            Process p = start(libUser);
            try {
                int pid = (int) p.pid();
                // ebee_hidden is only in .symtab; ebee_lib_fn in .dynsym
                try (Uprobe hidden = Uprobe.attach(prog.get(), UprobeTarget.symbol(lib.toString(), "ebee_hidden").pid(pid));
                     Uprobe ret = Uprobe.attach(retProg.get(), UprobeTarget.symbol(lib.toString(), "ebee_lib_fn").pid(pid).retprobe(true))) {
                    go(p);
                }
                assertThat(TestBpf.lookup(map, pid)).as("calls of the static function").isEqualTo(3);
                assertThat(TestBpf.lookup(retMap, pid)).as("last return of ebee_lib_fn(2)").isEqualTo(103);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** The program names the function; resolve finds it in the library the program loads through its RUNPATH. */
    @Test
    void resolvedTargetProbesTheLibraryTheProgramCalls() throws Exception {
        UprobeTarget target = UprobeTarget.resolve(libUser.toString(), "ebee_lib_fn");
        assertThat(Path.of(target.binary())).isEqualTo(lib.toRealPath());
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
             Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.countByTgid(map.get(), 0))) {
            Process p = start(libUser);
            try {
                int pid = (int) p.pid();
                try (Uprobe link = Uprobe.attach(prog.get(), target.pid(pid))) {
                    go(p);
                }
                assertThat(TestBpf.lookup(map, pid)).as("calls of ebee_lib_fn").isEqualTo(3);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void uretprobeSeesReturnValue() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
             Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.storeReturnByTgid(map.get()))) {
            Process p = start(pie);
            try {
                int pid = (int) p.pid();
                try (Uprobe link = Uprobe.attach(prog.get(),
                        UprobeTarget.symbol(pie.toString(), "ebee_target").pid(pid).retprobe(true))) {
                    go(p);
                }
                assertThat(TestBpf.lookup(map, pid)).as("last return value of ebee_target(5)").isEqualTo(11);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void explicitFileOffsetEqualsSymbol() throws Exception {
        long off = Uprobe.symbolOffset(pie, "ebee_target");
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
             Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.countByTgid(map.get(), 0))) {
            Process p = start(pie);
            try {
                int pid = (int) p.pid();
                try (Uprobe link = Uprobe.attach(prog.get(), UprobeTarget.fileOffset(pie.toString(), off).pid(pid))) {
                    go(p);
                }
                assertThat(TestBpf.lookup(map, pid)).isEqualTo(5);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void libcByNameProbesPuts() throws Exception {
        Path libc = Uprobe.resolveBinary("libc");
        assertThat(libc.getFileName().toString()).startsWith("libc.so");
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
             Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.countByTgid(map.get(), 0))) {
            Process p = start(pie);
            try {
                int pid = (int) p.pid();
                try (Uprobe link = Uprobe.attach(prog.get(), UprobeTarget.symbol("libc", "puts").pid(pid))) {
                    assertThat(link.binary()).isEqualTo(libc.toRealPath());
                    go(p);
                }
                assertThat(TestBpf.lookup(map, pid)).isEqualTo(1);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void unknownSymbolAndBinaryAreNamed() {
        try (Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.ret(0))) {
            assertThatThrownBy(() -> Uprobe.attach(prog.get(), pie.toString(), "no_such_function_ebee"))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageContaining("no_such_function_ebee");
            assertThatThrownBy(() -> Uprobe.attach(prog.get(), "/nonexistent/ebee-binary", "main"))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageContaining("/nonexistent/ebee-binary");
            assertThatThrownBy(() -> Uprobe.attach(prog.get(), "libnosuchlib-ebee", "f"))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageContaining("libnosuchlib-ebee");
        }
    }
}
