package dev.ebee.link;

/**
 * What the kernel reports about a link ({@code BPF_OBJ_GET_INFO_BY_FD} into
 * {@code struct bpf_link_info}).
 *
 * @param type       the kind of link
 * @param rawType    the kernel's number for the type (meaningful when {@code type} is UNKNOWN)
 * @param id         the link's id (for {@code bpftool link show id ID})
 * @param progId     the id of the attached program
 * @param attachType the attach type for tracing, cgroup, netns and tcx links; -1 for others
 * @param ifindex    the interface of XDP and tcx links; 0 for others
 * @param cgroupId   the cgroup of cgroup links; 0 for others
 */
public record LinkInfo(LinkType type, int rawType, int id, int progId, int attachType, int ifindex, long cgroupId) {
}
