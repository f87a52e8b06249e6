package dev.ebee.link;

/** Cgroup attach points, with the program type each takes. */
public enum CgroupHook {
    /** cgroup_skb/ingress: packets entering sockets of the cgroup. */
    INET_INGRESS(AttachTypes.CGROUP_INET_INGRESS, "cgroup_skb"),
    /** cgroup_skb/egress: packets leaving sockets of the cgroup. */
    INET_EGRESS(AttachTypes.CGROUP_INET_EGRESS, "cgroup_skb"),
    /** cgroup/sock_create: socket creation. */
    SOCK_CREATE(AttachTypes.CGROUP_INET_SOCK_CREATE, "cgroup_sock"),
    /** cgroup/sock_release. */
    SOCK_RELEASE(AttachTypes.CGROUP_INET_SOCK_RELEASE, "cgroup_sock"),
    SOCK_OPS(AttachTypes.CGROUP_SOCK_OPS, "sock_ops"),
    DEVICE(AttachTypes.CGROUP_DEVICE, "cgroup_device"),
    INET4_BIND(AttachTypes.CGROUP_INET4_BIND, "cgroup_sock_addr"),
    INET6_BIND(AttachTypes.CGROUP_INET6_BIND, "cgroup_sock_addr"),
    INET4_CONNECT(AttachTypes.CGROUP_INET4_CONNECT, "cgroup_sock_addr"),
    INET6_CONNECT(AttachTypes.CGROUP_INET6_CONNECT, "cgroup_sock_addr"),
    UDP4_SENDMSG(AttachTypes.CGROUP_UDP4_SENDMSG, "cgroup_sock_addr"),
    UDP6_SENDMSG(AttachTypes.CGROUP_UDP6_SENDMSG, "cgroup_sock_addr"),
    SYSCTL(AttachTypes.CGROUP_SYSCTL, "cgroup_sysctl"),
    GETSOCKOPT(AttachTypes.CGROUP_GETSOCKOPT, "cgroup_sockopt"),
    SETSOCKOPT(AttachTypes.CGROUP_SETSOCKOPT, "cgroup_sockopt");

    private final int attachType;
    private final String programKind;

    CgroupHook(int attachType, String programKind) {
        this.attachType = attachType;
        this.programKind = programKind;
    }

    /** The kernel's bpf_attach_type. */
    public int attachType() {
        return attachType;
    }

    /** The program kind (section prefix) this hook takes. */
    public String programKind() {
        return programKind;
    }
}
