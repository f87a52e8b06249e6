/* A minimal TCP congestion control as struct_ops (StructOpsTest): registered under the name
 * ebee_test_cc while its link lives. Two copies of the struct: one in .struct_ops.link, one in
 * .struct_ops (libbpf registers that one by the map update; ebee through a link too). */
#include "common.h"

struct sock;

/* the members this object sets; the loader places them where the kernel's struct has them */
struct tcp_congestion_ops {
    __u32 (*ssthresh)(struct sock *sk);
    void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
    __u32 (*undo_cwnd)(struct sock *sk);
    char name[16];
};

SEC("struct_ops/ebee_ssthresh")
__u32 ebee_ssthresh(unsigned long long *ctx) { return 16; }

SEC("struct_ops/ebee_cong_avoid")
void ebee_cong_avoid(unsigned long long *ctx) { }

SEC("struct_ops/ebee_undo_cwnd")
__u32 ebee_undo_cwnd(unsigned long long *ctx) { return 16; }

SEC(".struct_ops.link")
struct tcp_congestion_ops ebee_cc = {
    .ssthresh = (void *)ebee_ssthresh,
    .cong_avoid = (void *)ebee_cong_avoid,
    .undo_cwnd = (void *)ebee_undo_cwnd,
    .name = "ebee_test_cc",
};

SEC(".struct_ops")
struct tcp_congestion_ops ebee_cc_legacy = {
    .ssthresh = (void *)ebee_ssthresh,
    .cong_avoid = (void *)ebee_cong_avoid,
    .undo_cwnd = (void *)ebee_undo_cwnd,
    .name = "ebee_test_cc2",
};

char LICENSE[] SEC("license") = "GPL";
