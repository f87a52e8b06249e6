package dev.ebee.link;

import dev.ebee.AttachType;

/** Cgroup attach points, with the program type each takes. */
public enum CgroupHook {
    /** cgroup_skb/ingress: packets entering sockets of the cgroup. */
    INET_INGRESS(AttachType.CGROUP_INET_INGRESS, "cgroup_skb"),
    /** cgroup_skb/egress: packets leaving sockets of the cgroup. */
    INET_EGRESS(AttachType.CGROUP_INET_EGRESS, "cgroup_skb"),
    /** cgroup/sock_create: socket creation. */
    SOCK_CREATE(AttachType.CGROUP_INET_SOCK_CREATE, "cgroup_sock"),
    /** cgroup/sock_release. */
    SOCK_RELEASE(AttachType.CGROUP_INET_SOCK_RELEASE, "cgroup_sock"),
    SOCK_OPS(AttachType.CGROUP_SOCK_OPS, "sock_ops"),
    DEVICE(AttachType.CGROUP_DEVICE, "cgroup_device"),
    INET4_BIND(AttachType.CGROUP_INET4_BIND, "cgroup_sock_addr"),
    INET6_BIND(AttachType.CGROUP_INET6_BIND, "cgroup_sock_addr"),
    INET4_CONNECT(AttachType.CGROUP_INET4_CONNECT, "cgroup_sock_addr"),
    INET6_CONNECT(AttachType.CGROUP_INET6_CONNECT, "cgroup_sock_addr"),
    UDP4_SENDMSG(AttachType.CGROUP_UDP4_SENDMSG, "cgroup_sock_addr"),
    UDP6_SENDMSG(AttachType.CGROUP_UDP6_SENDMSG, "cgroup_sock_addr"),
    SYSCTL(AttachType.CGROUP_SYSCTL, "cgroup_sysctl"),
    GETSOCKOPT(AttachType.CGROUP_GETSOCKOPT, "cgroup_sockopt"),
    SETSOCKOPT(AttachType.CGROUP_SETSOCKOPT, "cgroup_sockopt");

    private final AttachType attachType;
    private final String programKind;

    CgroupHook(AttachType attachType, String programKind) {
        this.attachType = attachType;
        this.programKind = programKind;
    }

    /** The kernel's bpf_attach_type. */
    public AttachType attachType() {
        return attachType;
    }

    /** The program kind (section prefix) this hook takes. */
    public String programKind() {
        return programKind;
    }
}
