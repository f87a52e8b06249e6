// Counts an interface's ingress and egress packets in two global variables (.bss).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char __license[] SEC("license") = "Dual MIT/GPL";

__u64 ingress_pkt_count = 0;
__u64 egress_pkt_count = 0;

SEC("tcx/ingress")
int ingress_prog_func(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&ingress_pkt_count, 1);
	return TCX_NEXT; // on to the next program or the stack
}

SEC("tcx/egress")
int egress_prog_func(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&egress_pkt_count, 1);
	return TCX_NEXT;
}
