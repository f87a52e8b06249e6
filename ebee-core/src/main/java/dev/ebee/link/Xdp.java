package dev.ebee.link;

import dev.ebee.AttachType;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.Program;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;

/** An {@code xdp} program attached to a network interface with an XDP {@code bpf_link} (Linux 5.9+). */
public final class Xdp extends BaseLink implements Link {
    private final int ifindex;

    private Xdp(Fd link, int ifindex, String description) {
        super(link, null, description);
        this.ifindex = ifindex;
    }

    /** Attaches to interface {@code ifname}; throws "no such interface: NAME" when it does not exist. */
    static Xdp attach(int progFd, String ifname, XdpMode mode) {
        return attach(progFd, Interfaces.index(ifname), mode, ifname);
    }

    /** Attaches to interface {@code ifname} in {@link XdpMode#AUTO}. */
    static Xdp attach(int progFd, String ifname) {
        return attach(progFd, ifname, XdpMode.AUTO);
    }

    /** Attaches to interface index {@code ifindex}. */
    static Xdp attach(int progFd, int ifindex, XdpMode mode) {
        return attach(progFd, ifindex, mode, "ifindex " + ifindex);
    }

    private static Xdp attach(int progFd, int ifindex, XdpMode mode, String ifname) {
        String what = "XDP on " + ifname + " (" + mode.name().toLowerCase() + ")";
        try {
            return new Xdp(LinkCreate.create(what, progFd, ifindex, AttachType.XDP.id(), mode.flags(), 0, 0), ifindex, what);
        } catch (SyscallException e) {
            switch (e.errno()) {
                case Errno.EBUSY -> throw new dev.ebee.EbeeException(what + ": " + e.getMessage(),
                        "another XDP program is attached to the interface (see `ip link show " + ifname
                                + "`, `bpftool net`); detach it first", e);
                case Errno.ENODEV -> throw new AttachTargetNotFoundException("no such interface: " + ifname,
                        "list the interfaces of this network namespace with `ip link`", e);
                case Errno.EOPNOTSUPP, Errno.EINVAL -> {
                    if (mode == XdpMode.DRIVER) {
                        throw new dev.ebee.EbeeException(what + ": " + e.getMessage(),
                                "the driver has no native XDP: use XdpMode.GENERIC or AUTO", e);
                    }
                    throw e;
                }
                default -> throw e;
            }
        }
    }

    /** The interface the program is attached to. */
    public int ifindex() {
        return ifindex;
    }

    /** Attaches a loaded XDP program to {@code ifname}; throws "no such interface: NAME" when it does not exist. */
    public static Xdp attach(Program program, String ifname, XdpMode mode) {
        return attach(program.fd(), ifname, mode);
    }

    /** Attaches a loaded XDP program to {@code ifname} in {@link XdpMode#AUTO}. */
    public static Xdp attach(Program program, String ifname) {
        return attach(program.fd(), ifname, XdpMode.AUTO);
    }

    /** Attaches a loaded XDP program to interface index {@code ifindex}. */
    public static Xdp attach(Program program, int ifindex, XdpMode mode) {
        return attach(program.fd(), ifindex, mode);
    }
}
