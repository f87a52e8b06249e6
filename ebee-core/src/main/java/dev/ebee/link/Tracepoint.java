package dev.ebee.link;

import dev.ebee.Program;
import dev.ebee.fs.TraceFs;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.PerfEvent;
import dev.ebee.internal.sys.PerfEventAttr;

/**
 * A {@code tracepoint/CATEGORY/NAME} program attached through a perf event
 * ({@code PERF_TYPE_TRACEPOINT}) and a perf-event {@code bpf_link}.
 */
public final class Tracepoint extends BaseLink implements Link {
    private Tracepoint(Fd link, Fd perf, String description) {
        super(link, perf, description);
    }

    /** Attaches the tracepoint program {@code progFd} to {@code category:name} (e.g. "sched", "sched_process_exec"). */
    static Tracepoint attach(int progFd, String category, String name) {
        return attach(progFd, category, name, 0);
    }

    /** As {@link #attach(int, String, String)}, with a BPF cookie the program reads with bpf_get_attach_cookie. */
    static Tracepoint attach(int progFd, String category, String name, long cookie) {
        return attach(progFd, category, name, cookie, false);
    }

    /** {@code legacy} attaches with PERF_EVENT_IOC_SET_BPF as on kernels before 5.15 (tests use it). */
    static Tracepoint attach(int progFd, String category, String name, long cookie, boolean legacy) {
        int id = TraceFs.tracepointId(category, name);
        String what = "tracepoint " + category + ":" + name;
        PerfEventAttr attr = PerfEventAttr.builder(PerfEvent.TYPE_TRACEPOINT, id).samplePeriod(1).wakeupEvents(1).build();
        Fd perf = PerfEvent.openOwned(attr, -1, 0, -1, what);
        try {
            return new Tracepoint(PerfLinks.link(what, progFd, perf, cookie, legacy), perf, what);
        } catch (RuntimeException e) {
            perf.close();
            throw e;
        }
    }

    /** Attaches to "category:name" or "category/name". */
    static Tracepoint attach(int progFd, String qualifiedName) {
        int sep = qualifiedName.indexOf(':');
        if (sep < 0) {
            sep = qualifiedName.indexOf('/');
        }
        if (sep <= 0 || sep == qualifiedName.length() - 1) {
            throw new IllegalArgumentException("tracepoint name must be CATEGORY:NAME, not " + qualifiedName);
        }
        return attach(progFd, qualifiedName.substring(0, sep), qualifiedName.substring(sep + 1));
    }

    /** Attaches a loaded tracepoint program to {@code category:name} (e.g. "sched", "sched_process_exec"). */
    public static Tracepoint attach(Program program, String category, String name) {
        return attach(program.fd(), category, name);
    }

    /** As {@link #attach(Program, String, String)}, with the options' BPF cookie. */
    public static Tracepoint attach(Program program, String category, String name, TracepointOptions options) {
        return attach(program.fd(), category, name, options.cookie());
    }
}
