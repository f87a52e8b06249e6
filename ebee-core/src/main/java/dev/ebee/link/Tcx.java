package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.Program;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;

/**
 * A {@code tc}/{@code tcx/ingress}/{@code tcx/egress} program (type SCHED_CLS) attached with a tcx
 * {@code bpf_link} (Linux 6.6+): no qdisc, and detached when the link closes.
 */
public final class Tcx extends BaseLink implements Link {
    private Tcx(Fd link, String description) {
        super(link, null, description);
    }

    /** Attaches to {@code ifname} in {@code direction}, after the programs already there. */
    static Tcx attach(int progFd, String ifname, TcxDirection direction) {
        return attach(progFd, Interfaces.index(ifname), direction, ifname);
    }

    /** Attaches to interface index {@code ifindex}. */
    static Tcx attach(int progFd, int ifindex, TcxDirection direction) {
        return attach(progFd, ifindex, direction, "ifindex " + ifindex);
    }

    private static Tcx attach(int progFd, int ifindex, TcxDirection direction, String ifname) {
        String what = "tcx " + direction.name().toLowerCase() + " on " + ifname;
        try {
            return new Tcx(LinkCreate.create(what, progFd, ifindex, direction.attachType().id(), 0, 0, 0), what);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENODEV) {
                throw new AttachTargetNotFoundException("no such interface: " + ifname,
                        "list the interfaces of this network namespace with `ip link`", e);
            }
            if (e.errno() == Errno.EINVAL) {
                // the kernel says EINVAL both for an unknown attach type and for a wrong program:
                // the probe tells which, so that a kernel before 6.6 is named as the cause
                dev.ebee.features.Features.Probe tcx = dev.ebee.features.Features.kernel().tcxLink();
                if (!tcx.supported()) {
                    throw new dev.ebee.UnsupportedFeatureException(what, Errno.EINVAL,
                            "tcx needs Linux 6.6 or later; on older kernels attach with TcFilter (clsact) instead",
                            tcx.detail());
                }
                throw new dev.ebee.EbeeException(what + ": " + e.getMessage(),
                        "tcx needs a SCHED_CLS program (section tc or tcx/ingress, tcx/egress)", e);
            }
            throw e;
        }
    }

    /** Attaches a loaded SCHED_CLS program to {@code ifname} in {@code direction}, after the programs already there. */
    public static Tcx attach(Program program, String ifname, TcxDirection direction) {
        return attach(program.fd(), ifname, direction);
    }

    /** Attaches a loaded SCHED_CLS program to interface index {@code ifindex}. */
    public static Tcx attach(Program program, int ifindex, TcxDirection direction) {
        return attach(program.fd(), ifindex, direction);
    }
}
