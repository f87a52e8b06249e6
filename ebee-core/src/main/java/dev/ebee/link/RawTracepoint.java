package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.Program;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** A {@code raw_tp/NAME} program attached with {@code BPF_RAW_TRACEPOINT_OPEN}: a raw-tracepoint link. */
public final class RawTracepoint extends BaseLink implements Link {
    private RawTracepoint(Fd link, String description) {
        super(link, null, description);
    }

    /** Attaches the raw tracepoint program {@code progFd} to the kernel tracepoint {@code name} (e.g. "sched_process_exec"). */
    static RawTracepoint attach(int progFd, String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("raw tracepoint name must not be empty");
        }
        String what = "raw tracepoint " + name;
        return new RawTracepoint(open(what, name, progFd), what);
    }

    /** BPF_RAW_TRACEPOINT_OPEN with {@code name} (null for BTF-typed programs), with errors that name the target. */
    static Fd open(String what, String name, int progFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = Bpf.attr(arena);
            if (name != null) {
                a.set(JAVA_LONG, 0, arena.allocateFrom(name).address());
            }
            a.set(JAVA_INT, 8, progFd);
            long r = Bpf.raw(Bpf.RAW_TRACEPOINT_OPEN, a);
            if (r == -dev.ebee.Errno.ENOENT && name != null) {
                throw new AttachTargetNotFoundException("unknown raw tracepoint " + name + ": the kernel has no such tracepoint",
                        "list them in /sys/kernel/tracing/available_events (the part after the colon)");
            }
            if (r < 0) {
                throw LinkCreate.error("BPF_RAW_TRACEPOINT_OPEN " + (name == null ? what : name), (int) -r, what);
            }
            return Fd.own((int) r, what);
        }
    }

    /** Attaches a loaded raw tracepoint program to {@code name}. */
    public static RawTracepoint attach(Program program, String name) {
        return attach(program.fd(), name);
    }
}
