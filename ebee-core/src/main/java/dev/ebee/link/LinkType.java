package dev.ebee.link;

/** The kernel's {@code enum bpf_link_type}. */
public enum LinkType {
    UNSPEC(0), RAW_TRACEPOINT(1), TRACING(2), CGROUP(3), ITER(4), NETNS(5), XDP(6), PERF_EVENT(7),
    KPROBE_MULTI(8), STRUCT_OPS(9), NETFILTER(10), TCX(11), UPROBE_MULTI(12), NETKIT(13), SOCKMAP(14),
    /** A type this version of ebee does not know. */
    UNKNOWN(-1);

    private final int value;

    LinkType(int value) {
        this.value = value;
    }

    /** The kernel's number for it; -1 for {@link #UNKNOWN}. */
    public int value() {
        return value;
    }

    public static LinkType of(int value) {
        for (LinkType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
