package dev.ebee.link;

import dev.ebee.AttachType;

import dev.ebee.Errno;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.PerfEvent;

/** Perf-event links (tracepoints, uprobes, kprobes): BPF_LINK_CREATE with BPF_PERF_EVENT. */
final class PerfLinks {
    private PerfLinks() {
    }

    /**
     * Links {@code progFd} to the perf event {@code perf} and enables the event. On kernels before
     * 5.15, which lack perf-event links, the program is attached with PERF_EVENT_IOC_SET_BPF instead
     * (it then lives as long as the perf event's fd) and this returns null.
     */
    static Fd link(String what, int progFd, Fd perf, long cookie) {
        return link(what, progFd, perf, cookie, false);
    }

    /** As {@link #link(String, int, Fd, long)}; {@code legacy} forces the ioctl attachment. */
    static Fd link(String what, int progFd, Fd perf, long cookie, boolean legacy) {
        if (legacy || !dev.ebee.features.Features.kernel().perfEventLink().supported()) {
            if (cookie != 0) {
                throw new dev.ebee.UnsupportedFeatureException("attach " + what, Errno.EOPNOTSUPP,
                        "attach without a cookie, or on a kernel with perf-event links",
                        "a BPF cookie needs a perf-event link (Linux 5.15+), and this attachment has none");
            }
            try {
                PerfEvent.setBpf(perf.get(), progFd);
            } catch (dev.ebee.SyscallException e) {
                throw LinkCreate.error("PERF_EVENT_IOC_SET_BPF " + what, e.errno(), what);
            }
            PerfEvent.enable(perf.get());
            return null;
        }
        Fd link;
        try {
            link = LinkCreate.create(what, progFd, perf.get(), AttachType.PERF_EVENT.id(), 0, cookie, 0);
        } catch (dev.ebee.SyscallException e) {
            if (e.errno() == Errno.EINVAL) {
                throw new dev.ebee.EbeeException("cannot attach to " + what + ": " + e.getMessage(),
                        "check that the program's type matches the attach point (a tracepoint/ program for a tracepoint, "
                                + "kprobe/uprobe for probes)", e);
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
