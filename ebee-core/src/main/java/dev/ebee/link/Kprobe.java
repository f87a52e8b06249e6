package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.Program;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;
import dev.ebee.UnsupportedFeatureException;

/**
 * A {@code kprobe/} or {@code kretprobe/} program attached through the kprobe PMU and a
 * perf-event link. Kernels built without CONFIG_KPROBES have no such PMU: attaching then throws
 * an {@link UnsupportedFeatureException} that says so.
 */
public final class Kprobe extends BaseLink implements Link {
    static final String PMU = "kprobe";

    private Kprobe(Fd link, Fd perf, String description) {
        super(link, perf, description);
    }

    /** Whether this kernel can place kprobes at all (the kprobe PMU exists). */
    public static boolean available() {
        return ProbePmu.present(PMU);
    }

    /** Probes the entry of kernel function {@code symbol}. */
    static Kprobe attach(int progFd, String symbol) {
        return attach(progFd, symbol, 0, false, 0);
    }

    /** Probes the return of kernel function {@code symbol}. */
    static Kprobe attachReturn(int progFd, String symbol) {
        return attach(progFd, symbol, 0, true, 0);
    }

    /** Probes {@code symbol+offset} (entry or return) with a BPF cookie. */
    static Kprobe attach(int progFd, String symbol, long offset, boolean retprobe, long cookie) {
        String what = (retprobe ? "kretprobe " : "kprobe ") + symbol + (offset == 0 ? "" : "+" + offset);
        if (symbol == null || symbol.isEmpty()) {
            throw new IllegalArgumentException("kprobe needs a kernel function name");
        }
        if (!available()) {
            throw unavailable(what);
        }
        Fd perf;
        try {
            perf = ProbePmu.open(PMU, what, symbol, offset, retprobe, -1);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.EINVAL) {
                throw new AttachTargetNotFoundException("cannot place " + what + ": " + e.getMessage(),
                        "the function may not exist, be inlined, or be blacklisted for probing; see /proc/kallsyms", e);
            }
            throw e;
        }
        try {
            return new Kprobe(PerfLinks.link(what, progFd, perf, cookie), perf, what);
        } catch (RuntimeException e) {
            perf.close();
            throw e;
        }
    }

    static UnsupportedFeatureException unavailable(String what) {
        return new UnsupportedFeatureException("attach " + what, Errno.ENOENT,
                "use a tracepoint, raw_tp or tp_btf program instead, or run a kernel built with CONFIG_KPROBES=y",
                "kprobes are not available: this kernel is built without CONFIG_KPROBES (no "
                        + ProbePmu.DEVICES.resolve(PMU) + ")");
    }

    /** Probes the entry of kernel function {@code symbol} with a loaded kprobe program. */
    public static Kprobe attach(Program program, String symbol) {
        return attach(program, symbol, KprobeOptions.DEFAULT);
    }

    /** Probes {@code symbol} plus the options' offset, with their cookie. */
    public static Kprobe attach(Program program, String symbol, KprobeOptions options) {
        return attach(program.fd(), symbol, options.offset(), false, options.cookie());
    }

    /** Probes the return of kernel function {@code symbol} with a loaded kprobe program. */
    public static Kprobe attachReturn(Program program, String symbol) {
        return attachReturn(program, symbol, KprobeOptions.DEFAULT);
    }

    /** Probes the return of {@code symbol} with the options' cookie (a return probe has no offset). */
    public static Kprobe attachReturn(Program program, String symbol, KprobeOptions options) {
        if (options.offset() != 0) {
            throw new IllegalArgumentException("a kretprobe fires at the function's return: it takes no offset");
        }
        return attach(program.fd(), symbol, 0, true, options.cookie());
    }
}
