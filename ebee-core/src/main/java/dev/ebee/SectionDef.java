package dev.ebee;

import dev.ebee.internal.sys.Bpf;

import java.util.List;
import java.util.Optional;

/**
 * libbpf's program section conventions: what a {@code SEC("...")} name means for the program type,
 * the expected attach type, the attach target and the load flags.
 *
 * @param prefix     the section name, or its part before the first '/'
 * @param type       program type
 * @param attachType expected attach type, or null
 * @param target     whether a target follows the prefix after '/' (tracepoint name, function, ...)
 * @param flags      BPF_F_* program flags (sleepable)
 * @param auto       how {@code attachAll()} attaches a program of this section by its name alone
 */
public record SectionDef(String prefix, ProgramType type, AttachType attachType, Target target, int flags,
                         Auto auto) {

    /** Whether the section name carries an attach target after a '/'. */
    public enum Target {
        /** The name is the prefix alone ({@code xdp}). */
        NONE,
        /** A target may follow ({@code kprobe} or {@code kprobe/do_unlinkat}). */
        OPTIONAL,
        /** A target must follow ({@code tp/syscalls/sys_enter_execve}). */
        REQUIRED
    }

    /**
     * How a section's own name attaches it, as libbpf's auto-attach does; {@link #MANUAL} for the
     * sections that need what the name cannot say (an interface, a cgroup, a socket).
     */
    public enum Auto {
        /** Attached by the caller, with the link class of its kind. */
        MANUAL,
        /** {@code CATEGORY/NAME}. */
        TRACEPOINT,
        /** {@code NAME}. */
        RAW_TRACEPOINT,
        /** The BTF id resolved at load: tp_btf, fentry, fexit, fmod_ret, lsm, freplace. */
        TRACING,
        /** {@code SYMBOL[+OFFSET]}. */
        KPROBE,
        KRETPROBE,
        /** {@code BINARY:SYMBOL[+OFFSET]}. */
        UPROBE,
        URETPROBE,
        /** {@code PATH:PROVIDER:NAME}, through the collection's usdt.bpf.h spec map. */
        USDT
    }

    private static SectionDef d(String prefix, ProgramType type, AttachType at, Target target) {
        return new SectionDef(prefix, type, at, target, 0, Auto.MANUAL);
    }

    private static SectionDef d(String prefix, ProgramType type, AttachType at, Target target, Auto auto) {
        return new SectionDef(prefix, type, at, target, 0, auto);
    }

    private static SectionDef sleepable(String prefix, ProgramType type, AttachType at, Target target) {
        return new SectionDef(prefix, type, at, target, Bpf.F_SLEEPABLE, Auto.MANUAL);
    }

    private static SectionDef sleepable(String prefix, ProgramType type, AttachType at, Target target, Auto auto) {
        return new SectionDef(prefix, type, at, target, Bpf.F_SLEEPABLE, auto);
    }

    private static SectionDef xdpFrags(String prefix, AttachType at) {
        return new SectionDef(prefix, ProgramType.XDP, at, Target.NONE, Bpf.F_XDP_HAS_FRAGS, Auto.MANUAL);
    }

    private static final Target N = Target.NONE, O = Target.OPTIONAL, R = Target.REQUIRED;

    /** Longer prefixes first where one is a prefix of another. */
    private static final List<SectionDef> DEFS = List.of(
            d("socket", ProgramType.SOCKET_FILTER, null, O),
            d("sk_reuseport/migrate", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE, N),
            d("sk_reuseport", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT, N),
            d("kprobe.multi", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, O),
            d("kretprobe.multi", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, O),
            d("uprobe.multi", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, O),
            d("uretprobe.multi", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, O),
            sleepable("uprobe.multi.s", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, O),
            sleepable("uretprobe.multi.s", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, O),
            d("kprobe", ProgramType.KPROBE, null, O, Auto.KPROBE),
            d("kretprobe", ProgramType.KPROBE, null, O, Auto.KRETPROBE),
            d("ksyscall", ProgramType.KPROBE, null, O),
            d("kretsyscall", ProgramType.KPROBE, null, O),
            sleepable("uprobe.s", ProgramType.KPROBE, null, O, Auto.UPROBE),
            sleepable("uretprobe.s", ProgramType.KPROBE, null, O, Auto.URETPROBE),
            d("uprobe", ProgramType.KPROBE, null, O, Auto.UPROBE),
            d("uretprobe", ProgramType.KPROBE, null, O, Auto.URETPROBE),
            d("usdt", ProgramType.KPROBE, null, O, Auto.USDT),
            d("tc/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, N),
            d("tc/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, N),
            d("tcx/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, N),
            d("tcx/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, N),
            d("netkit/primary", ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY, N),
            d("netkit/peer", ProgramType.SCHED_CLS, AttachType.NETKIT_PEER, N),
            d("tc", ProgramType.SCHED_CLS, null, O),
            d("classifier", ProgramType.SCHED_CLS, null, O),
            d("action", ProgramType.SCHED_ACT, null, O),
            d("tracepoint", ProgramType.TRACEPOINT, null, O, Auto.TRACEPOINT),
            d("tp", ProgramType.TRACEPOINT, null, O, Auto.TRACEPOINT),
            d("raw_tracepoint.w", ProgramType.RAW_TRACEPOINT_WRITABLE, null, O, Auto.RAW_TRACEPOINT),
            d("raw_tp.w", ProgramType.RAW_TRACEPOINT_WRITABLE, null, O, Auto.RAW_TRACEPOINT),
            d("raw_tracepoint", ProgramType.RAW_TRACEPOINT, null, O, Auto.RAW_TRACEPOINT),
            d("raw_tp", ProgramType.RAW_TRACEPOINT, null, O, Auto.RAW_TRACEPOINT),
            d("tp_btf", ProgramType.TRACING, AttachType.TRACE_RAW_TP, R, Auto.TRACING),
            d("fentry", ProgramType.TRACING, AttachType.TRACE_FENTRY, R, Auto.TRACING),
            d("fmod_ret", ProgramType.TRACING, AttachType.MODIFY_RETURN, R, Auto.TRACING),
            d("fexit", ProgramType.TRACING, AttachType.TRACE_FEXIT, R, Auto.TRACING),
            sleepable("fentry.s", ProgramType.TRACING, AttachType.TRACE_FENTRY, R, Auto.TRACING),
            sleepable("fmod_ret.s", ProgramType.TRACING, AttachType.MODIFY_RETURN, R, Auto.TRACING),
            sleepable("fexit.s", ProgramType.TRACING, AttachType.TRACE_FEXIT, R, Auto.TRACING),
            d("freplace", ProgramType.EXT, null, R, Auto.TRACING),
            d("lsm_cgroup", ProgramType.LSM, AttachType.LSM_CGROUP, R),
            sleepable("lsm.s", ProgramType.LSM, AttachType.LSM_MAC, R, Auto.TRACING),
            d("lsm", ProgramType.LSM, AttachType.LSM_MAC, R, Auto.TRACING),
            sleepable("iter.s", ProgramType.TRACING, AttachType.TRACE_ITER, R),
            d("iter", ProgramType.TRACING, AttachType.TRACE_ITER, R),
            sleepable("syscall", ProgramType.SYSCALL, null, N),
            xdpFrags("xdp.frags/devmap", AttachType.XDP_DEVMAP),
            d("xdp/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP, N),
            xdpFrags("xdp.frags/cpumap", AttachType.XDP_CPUMAP),
            d("xdp/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP, N),
            xdpFrags("xdp.frags", AttachType.XDP),
            d("xdp", ProgramType.XDP, AttachType.XDP, O),
            d("perf_event", ProgramType.PERF_EVENT, null, N),
            d("lwt_in", ProgramType.LWT_IN, null, N),
            d("lwt_out", ProgramType.LWT_OUT, null, N),
            d("lwt_xmit", ProgramType.LWT_XMIT, null, N),
            d("lwt_seg6local", ProgramType.LWT_SEG6LOCAL, null, N),
            d("sockops", ProgramType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS, N),
            d("sk_skb/stream_parser", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER, N),
            d("sk_skb/stream_verdict", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT, N),
            d("sk_skb/verdict", ProgramType.SK_SKB, AttachType.SK_SKB_VERDICT, N),
            d("sk_skb", ProgramType.SK_SKB, null, N),
            d("sk_msg", ProgramType.SK_MSG, AttachType.SK_MSG_VERDICT, N),
            d("lirc_mode2", ProgramType.LIRC_MODE2, AttachType.LIRC_MODE2, N),
            d("flow_dissector", ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR, N),
            d("cgroup_skb/ingress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS, N),
            d("cgroup_skb/egress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS, N),
            d("cgroup/skb", ProgramType.CGROUP_SKB, null, N),
            d("cgroup/sock_create", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, N),
            d("cgroup/sock_release", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE, N),
            d("cgroup/sock", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, N),
            d("cgroup/post_bind4", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND, N),
            d("cgroup/post_bind6", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND, N),
            d("cgroup/dev", ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE, N),
            d("cgroup/bind4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND, N),
            d("cgroup/bind6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND, N),
            d("cgroup/connect4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT, N),
            d("cgroup/connect6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT, N),
            d("cgroup/connect_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT, N),
            d("cgroup/sendmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG, N),
            d("cgroup/sendmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG, N),
            d("cgroup/recvmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG, N),
            d("cgroup/recvmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG, N),
            d("cgroup/getpeername4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME, N),
            d("cgroup/getpeername6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME, N),
            d("cgroup/getsockname4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME, N),
            d("cgroup/getsockname6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME, N),
            d("cgroup/sysctl", ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL, N),
            d("cgroup/getsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT, N),
            d("cgroup/setsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT, N),
            d("struct_ops.s", ProgramType.STRUCT_OPS, null, O),
            d("struct_ops", ProgramType.STRUCT_OPS, null, O),
            d("sk_lookup", ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP, N),
            d("netfilter", ProgramType.NETFILTER, AttachType.NETFILTER, N));

    /** The definition for a section name and the attach target it names (null when none). */
    public record Match(SectionDef def, String target) {
    }

    /** Finds the definition of a section name, as libbpf does. */
    public static Optional<Match> find(String section) {
        for (SectionDef d : DEFS) {
            String p = d.prefix();
            if (section.equals(p)) {
                if (d.target() == Target.REQUIRED) {
                    continue;
                }
                return Optional.of(new Match(d, null));
            }
            if (section.startsWith(p + "/") && d.target() != Target.NONE) {
                String t = section.substring(p.length() + 1);
                return Optional.of(new Match(d, t.isEmpty() ? null : t));
            }
            if (section.startsWith(p + "/") && d.target() == Target.NONE && p.contains("/")) {
                continue;
            }
        }
        return Optional.empty();
    }
}
