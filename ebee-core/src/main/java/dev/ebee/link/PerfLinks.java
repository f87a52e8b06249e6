package dev.ebee.link;

import dev.ebee.sys.Errno;
import dev.ebee.sys.Fd;
import dev.ebee.sys.PerfEvent;

/** Perf-event links (tracepoints, uprobes, kprobes): BPF_LINK_CREATE with BPF_PERF_EVENT. */
final class PerfLinks {
    private PerfLinks() {
    }

    /**
     * Links {@code progFd} to the perf event {@code perf} and enables the event. Kernels before
     * 5.15 lack perf links; on those this fails with an unsupported-feature error.
     */
    static Fd link(String what, int progFd, Fd perf, long cookie) {
        Fd link;
        try {
            link = LinkCreate.create(what, progFd, perf.get(), AttachTypes.PERF_EVENT, 0, cookie, 0);
        } catch (dev.ebee.sys.SyscallException e) {
            if (e.errno() == Errno.EINVAL) {
                throw new dev.ebee.EbeeException("cannot attach to " + what + ": " + e.getMessage(),
                        "check that the program's type matches the attach point (a tracepoint/ program for a tracepoint, "
                                + "kprobe/uprobe for probes); kernels before 5.15 have no perf-event links", e);
            }
            throw e;
        }
        try {
            PerfEvent.enable(perf.get());
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }
}
