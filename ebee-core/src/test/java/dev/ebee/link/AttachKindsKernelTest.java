package dev.ebee.link;

import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.ObjectFile;
import dev.ebee.SyscallException;
import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.TestObjects;
import dev.ebee.features.Features;
import dev.ebee.testing.HeldProcess;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attach kinds that trace kernel functions, each seeing what the test's own child did
 * (attach_kinds.c counts only the pid in {@code target_tgid}). A kernel without a kind skips its
 * test with the probe's reason: 6.18 here has no kprobes and refuses fentry/fexit/lsm, Debian's 6.1
 * has them all (scripts/vmtest runs it).
 */
@Tag("kernel")
class AttachKindsKernelTest {
    static final Features F = Features.kernel();

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    /** attach_kinds.o with only {@code programs} loaded: the kernel may refuse the other kinds. */
    static Collection load(String... programs) {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("attach_kinds"));
        for (String p : spec.programs().keySet()) {
            spec.setAutoload(p, List.of(programs).contains(p));
        }
        return spec.load();
    }

    /** Runs {@code command} held until the programs trace its pid only; returns its exit status. */
    static int runTraced(Collection c, String... command) throws Exception {
        try (HeldProcess child = HeldProcess.start(command)) {
            c.variable("target_tgid").setInt((int) child.pid());
            return child.runForExit();
        }
    }

    static long count(Collection c, String variable) {
        return c.variable(variable).getLong();
    }

    @Test
    void kprobeAndKretprobeSeeTheChildsSleepWithTheirCookies() throws Exception {
        Kernel.assumeProbe(F.kprobes());
        try (Collection c = load("kprobe_nanosleep", "kretprobe_nanosleep");
             Kprobe entry = Kprobe.attach(c.program("kprobe_nanosleep"), "do_nanosleep", new KprobeOptions(0, 0xE17E));
             Kprobe exit = Kprobe.attachReturn(c.program("kretprobe_nanosleep"), "do_nanosleep", new KprobeOptions(0, 0x4E7))) {
            assertThat(runTraced(c, "sleep", "0.01")).isZero();
            assertThat(count(c, "kprobe_hits")).isGreaterThanOrEqualTo(1);
            assertThat(count(c, "kretprobe_hits")).isGreaterThanOrEqualTo(1);
            assertThat(count(c, "kprobe_cookie")).isEqualTo(0xE17E);
            assertThat(count(c, "kretprobe_cookie")).isEqualTo(0x4E7);
            assertThat(entry.info().type()).isEqualTo(LinkType.PERF_EVENT);
        }
    }

    @Test
    void kprobeBySectionNameAttachesThroughAttachAll() throws Exception {
        Kernel.assumeProbe(F.kprobes());
        try (Collection c = load("kprobe_nanosleep", "kretprobe_nanosleep");
             var links = c.attachAll()) {
            assertThat(runTraced(c, "sleep", "0.01")).isZero();
            assertThat(count(c, "kprobe_hits")).isGreaterThanOrEqualTo(1);
            assertThat(count(c, "kretprobe_hits")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void kprobeAtAnOffsetInsideTheFunction() throws Exception {
        Kernel.assumeProbe(F.kprobes());
        try (Collection c = load("kprobe_at_offset")) {
            // the instruction after the 5-byte call to __fentry__ (9 bytes in after IBT's endbr64);
            // the kernel answers EILSEQ for an offset that is not an instruction boundary
            Kprobe link = null;
            for (long offset : new long[] {5, 9}) {
                try {
                    link = Kprobe.attach(c.program("kprobe_at_offset"), "do_nanosleep", new KprobeOptions(offset, 0));
                    break;
                } catch (SyscallException e) {
                    assertThat(e.errno()).as(e.getMessage()).isEqualTo(84 /* EILSEQ */);
                }
            }
            assertThat(link).as("a kprobe at do_nanosleep+5 or +9").isNotNull();
            try (Kprobe placed = link) {
                assertThat(runTraced(c, "sleep", "0.01")).isZero();
                assertThat(count(c, "offset_hits")).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void kprobeOnAModuleFunction() throws Exception {
        Kernel.assumeProbe(F.kprobes());
        // overlayfs's getattr runs for every stat on an overlay: the guest of scripts/vmtest has its
        // root there, and overlay as a module
        boolean overlayRoot = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .anyMatch(l -> l.startsWith("overlay / overlay "));
        Assumptions.assumeTrue(overlayRoot && moduleHas("overlay", "ovl_getattr"),
                "needs / on overlayfs with overlay loaded as a module (as in scripts/vmtest's guest)");
        try (Collection c = load("kprobe_module");
             Kprobe link = Kprobe.attach(c.program("kprobe_module"), "ovl_getattr")) {
            assertThat(runTraced(c, "stat", "/")).isZero();
            assertThat(count(c, "module_hits")).isGreaterThanOrEqualTo(1);
        }
    }

    static boolean moduleHas(String module, String symbol) throws IOException {
        try (var lines = Files.lines(Path.of("/proc/kallsyms"))) {
            return lines.anyMatch(l -> l.endsWith(" " + symbol + "\t[" + module + "]"));
        }
    }

    @Test
    void kprobeOnAMissingFunctionNamesIt() {
        Kernel.assumeProbe(F.kprobes());
        try (Collection c = load("kprobe_at_offset")) {
            assertThatThrownBy(() -> Kprobe.attach(c.program("kprobe_at_offset"), "ebee_no_such_function"))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageContaining("cannot place kprobe ebee_no_such_function");
            assertThatThrownBy(() -> Kprobe.attachReturn(c.program("kprobe_at_offset"), "ebee_no_such_function"))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageContaining("cannot place kretprobe ebee_no_such_function");
        }
    }

    @Test
    void fentryAndFexitSeeTheChildsSleep() throws Exception {
        Kernel.assumeProbe(F.fentry());
        try (Collection c = load("fentry_nanosleep", "fexit_nanosleep");
             Tracing entry = Tracing.attach(c.program("fentry_nanosleep"), 0xF3E7);
             Tracing exit = Tracing.attach(c.program("fexit_nanosleep"))) {
            assertThat(runTraced(c, "sleep", "0.01")).isZero();
            assertThat(count(c, "fentry_hits")).isGreaterThanOrEqualTo(1);
            assertThat(count(c, "fexit_hits")).isGreaterThanOrEqualTo(1);
            assertThat(count(c, "fentry_cookie")).isEqualTo(0xF3E7);
            assertThat(entry.info().type()).isEqualTo(LinkType.TRACING);
        }
    }

    /** A program that denies the child's exec (its open of the binary) until it is detached; attached with {@code cookie}. */
    void deniesThenAllows(String program, String hits, String cookieVariable, long cookie) throws Exception {
        try (Collection c = load(program)) {
            try (Tracing link = Tracing.attach(c.program(program), cookie)) {
                // sh's exec of cat is refused (sh exits 126, or 127 for dash, which tried every
                // directory of PATH); the program saw it
                assertThat(runTraced(c, "cat", "/proc/self/stat")).isIn(126, 127);
                assertThat(count(c, hits)).isGreaterThanOrEqualTo(1);
                if (cookieVariable != null) {
                    assertThat(count(c, cookieVariable)).isEqualTo(cookie);
                }
            }
            assertThat(runTraced(c, "cat", "/proc/self/stat")).as("after detaching").isZero();
        }
    }

    @Test
    void fmodRetDeniesAnOpenUntilDetached() throws Exception {
        Kernel.assumeProbe(F.fentry());
        deniesThenAllows("fmod_ret_deny_open", "fmod_ret_hits", null, 0);
    }

    @Test
    void lsmDeniesAnOpenUntilDetached() throws Exception {
        Kernel.assumeProbe(F.lsm());
        Path active = Path.of("/sys/kernel/security/lsm");
        Assumptions.assumeTrue(Files.isReadable(active), "needs securityfs at /sys/kernel/security to see the active LSMs");
        Kernel.assumeProbe(new Features.Probe("the bpf LSM active", List.of(Files.readString(active).strip().split(","))
                .contains("bpf"), "bpf is not in " + active + ": boot with lsm=...,bpf"));
        deniesThenAllows("lsm_deny_open", "lsm_hits", "lsm_cookie", 0x15E);
    }
}
