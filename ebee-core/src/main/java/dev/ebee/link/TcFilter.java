package dev.ebee.link;

import dev.ebee.EbeeException;
import dev.ebee.Program;
import dev.ebee.Errno;
import dev.ebee.SyscallException;

import java.nio.file.Path;

/**
 * A {@code tc} (SCHED_CLS) program attached the legacy way: a {@code clsact} qdisc and a
 * direct-action {@code bpf} filter, through rtnetlink, as {@code tc filter add ... bpf da} does.
 * For kernels before 6.6; prefer {@link Tcx}. Unlike a link this survives the process: close it.
 * Closing removes the filter, and the clsact qdisc when this attachment created it.
 */
public final class TcFilter extends LegacyAttachment implements Link {
    private static final int TC_H_CLSACT = 0xFFFFFFF1, CLSACT_HANDLE = 0xFFFF0000;
    private static final int TC_H_MIN_INGRESS = 0xFFF2, TC_H_MIN_EGRESS = 0xFFF3;
    private static final int TCA_KIND = 1, TCA_OPTIONS = 2;
    private static final int TCA_BPF_FD = 6, TCA_BPF_NAME = 7, TCA_BPF_FLAGS = 8, TCA_BPF_FLAG_ACT_DIRECT = 1;
    private static final int ETH_P_ALL_BE = 0x0300; // htons(ETH_P_ALL)

    private final int ifindex;
    private final int parent;
    private final int priority;
    private final int handle;
    private final boolean ownsQdisc;
    private final String description;

    private TcFilter(int ifindex, int parent, int priority, int handle, boolean ownsQdisc, String description) {
        super("a legacy tc filter", "inspect it with `tc filter show`", "it stays until removed; use Tcx for a pinnable link");
        this.ifindex = ifindex;
        this.parent = parent;
        this.priority = priority;
        this.handle = handle;
        this.ownsQdisc = ownsQdisc;
        this.description = description;
    }

    /** Attaches {@code progFd} to {@code ifname} with priority 1 and handle 1. */
    static TcFilter attach(int progFd, String ifname, TcxDirection direction) {
        return attach(progFd, ifname, direction, 1, 1);
    }

    /** Attaches a loaded SCHED_CLS program to {@code ifname} with priority 1 and handle 1. */
    public static TcFilter attach(Program program, String ifname, TcxDirection direction) {
        return attach(program.fd(), ifname, direction);
    }

    /** Attaches with the options' filter priority and handle; fails when that slot is taken. */
    public static TcFilter attach(Program program, String ifname, TcxDirection direction, TcFilterOptions options) {
        return attach(program.fd(), ifname, direction, options.priority(), options.handle());
    }

    /** Attaches with an explicit filter priority (1..65535) and handle; fails when that slot is taken. */
    static TcFilter attach(int progFd, String ifname, TcxDirection direction, int priority, int handle) {
        if (priority < 1 || priority > 0xffff) {
            throw new IllegalArgumentException("tc priority must be 1..65535: " + priority);
        }
        int ifindex = Interfaces.index(ifname);
        String what = "tc " + direction.name().toLowerCase() + " filter on " + ifname;
        int parent = CLSACT_HANDLE | (direction == TcxDirection.INGRESS ? TC_H_MIN_INGRESS : TC_H_MIN_EGRESS);
        try (Netlink nl = new Netlink()) {
            int r = nl.request(new Netlink.Message(Netlink.RTM_NEWQDISC, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                    .tcmsg(ifindex, CLSACT_HANDLE, TC_H_CLSACT, 0).attrString(TCA_KIND, "clsact"));
            if (r < 0 && r != -Errno.EEXIST) {
                throw LinkCreate.error("RTM_NEWQDISC clsact on " + ifname, -r, what);
            }
            boolean ownsQdisc = r == 0;
            Netlink.Message m = new Netlink.Message(Netlink.RTM_NEWTFILTER, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                    .tcmsg(ifindex, handle, parent, (priority << 16) | ETH_P_ALL_BE)
                    .attrString(TCA_KIND, "bpf");
            int opts = m.begin(TCA_OPTIONS);
            m.attrInt(TCA_BPF_FD, progFd).attrString(TCA_BPF_NAME, "ebee").attrInt(TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
            m.end(opts);
            r = nl.request(m);
            if (r < 0) {
                if (ownsQdisc) {
                    nl.request(new Netlink.Message(Netlink.RTM_DELQDISC, 0).tcmsg(ifindex, CLSACT_HANDLE, TC_H_CLSACT, 0)
                            .attrString(TCA_KIND, "clsact"));
                }
                if (r == -Errno.EEXIST) {
                    throw new EbeeException(what + ": a filter with priority " + priority + " and handle " + handle
                            + " exists", "choose another priority or handle (tc filter show dev " + ifname + " "
                            + direction.name().toLowerCase() + ")");
                }
                throw LinkCreate.error("RTM_NEWTFILTER bpf on " + ifname, -r, what);
            }
            return new TcFilter(ifindex, parent, priority, handle, ownsQdisc, what);
        }
    }

    public void update(Program newProgram) {
        throw new EbeeException("a legacy tc filter cannot swap programs here", "close it and attach again, or use Tcx");
    }

    @Override
    protected void undo() {
        try (Netlink nl = new Netlink()) {
            int r = nl.request(new Netlink.Message(Netlink.RTM_DELTFILTER, 0)
                    .tcmsg(ifindex, handle, parent, (priority << 16) | ETH_P_ALL_BE).attrString(TCA_KIND, "bpf"));
            // ENOENT/ENODEV/EINVAL: the filter or the interface is gone already
            if (r < 0 && r != -Errno.ENOENT && r != -Errno.ENODEV && r != -Errno.EINVAL) {
                throw SyscallException.of("RTM_DELTFILTER " + description, -r);
            }
            if (ownsQdisc) {
                r = nl.request(new Netlink.Message(Netlink.RTM_DELQDISC, 0).tcmsg(ifindex, CLSACT_HANDLE, TC_H_CLSACT, 0)
                        .attrString(TCA_KIND, "clsact"));
                if (r < 0 && r != -Errno.ENOENT && r != -Errno.ENODEV && r != -Errno.EINVAL) {
                    throw SyscallException.of("RTM_DELQDISC clsact for " + description, -r);
                }
            }
        }
    }

    @Override
    public String toString() {
        return description + (isClosed() ? " (closed)" : "");
    }
}
