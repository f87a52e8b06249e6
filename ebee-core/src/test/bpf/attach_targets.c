/* One program per kind of section that names its hook but not its target, and one that names both
 * (bpf2java's AttachMethodsTest: the typed attach methods generated for them). */
#include "common.h"

SEC("tp/syscalls/sys_enter_getpid") int on_getpid(void *ctx) { return 0; }
SEC("xdp") int pass(struct xdp_md *ctx) { return XDP_PASS; }
SEC("tcx/ingress") int tc_in(struct __sk_buff *skb) { return 0; }
SEC("tcx/egress") int tc_out(struct __sk_buff *skb) { return 0; }
SEC("cgroup_skb/ingress") int skb_in(struct __sk_buff *skb) { return 1; }
SEC("cgroup/connect4") int connect4(struct bpf_sock_addr *ctx) { return 1; }
SEC("uprobe") int entry(void *ctx) { return 0; }
SEC("uretprobe") int ret(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";
