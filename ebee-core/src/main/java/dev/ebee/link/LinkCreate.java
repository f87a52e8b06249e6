package dev.ebee.link;

import dev.ebee.features.Privileges;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** BPF_LINK_CREATE, with errors that name the attachment. */
final class LinkCreate {
    private LinkCreate() {
    }

    /**
     * Creates a link. {@code word16} and {@code word24} are the first two 64-bit words of the
     * command's per-type union (perf cookie, tracing target id, tcx relative fd and revision).
     */
    static Fd create(String what, int progFd, int target, int attachType, int flags, long word16, long word24) {
        if (progFd < 0) {
            throw new IllegalArgumentException("bad program fd " + progFd + " for " + what);
        }
        MemorySegment a = Bpf.attr();
        a.set(JAVA_INT, Bpf.Attr.LINK_PROG_FD, progFd);
        a.set(JAVA_INT, Bpf.Attr.LINK_TARGET_FD, target);
        a.set(JAVA_INT, Bpf.Attr.LINK_ATTACH_TYPE, attachType);
        a.set(JAVA_INT, Bpf.Attr.LINK_FLAGS, flags);
        a.set(JAVA_LONG, 16, word16);
        a.set(JAVA_LONG, 24, word24);
        long r = Bpf.raw(Bpf.LINK_CREATE, a);
        if (r < 0) {
            throw error("BPF_LINK_CREATE " + what, (int) -r, what);
        }
        return Fd.own((int) r, what);
    }

    /** The typed exception for a failed attachment, telling a kernel refusal from missing privileges. */
    static SyscallException error(String op, int errno, String what) {
        return Privileges.explain(op, errno, "attaching " + what);
    }
}
