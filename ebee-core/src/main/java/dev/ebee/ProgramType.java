package dev.ebee;

/** BPF program types, with the kernel's numbers (enum bpf_prog_type). */
public enum ProgramType {
    UNSPEC, SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT, CGROUP_SKB, CGROUP_SOCK,
    LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB, CGROUP_DEVICE, SK_MSG, RAW_TRACEPOINT, CGROUP_SOCK_ADDR,
    LWT_SEG6LOCAL, LIRC_MODE2, SK_REUSEPORT, FLOW_DISSECTOR, CGROUP_SYSCTL, RAW_TRACEPOINT_WRITABLE,
    CGROUP_SOCKOPT, TRACING, STRUCT_OPS, EXT, LSM, SK_LOOKUP, SYSCALL, NETFILTER;

    private static final ProgramType[] BY_ID = values();

    /** The kernel's number (the enum's ordinal, which follows the UAPI order). */
    public int id() {
        return ordinal();
    }

    public static ProgramType of(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new EbeeException("unknown program type " + id);
        }
        return BY_ID[id];
    }

    public String bpftoolName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
