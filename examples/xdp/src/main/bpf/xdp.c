// Counts the packets an interface receives, per source IPv4 address, in an LRU hash.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_MAP_ENTRIES 16
#define ETH_P_IP 0x0800

char __license[] SEC("license") = "Dual MIT/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_MAP_ENTRIES);
	__type(key, __be32);  // source IPv4 address, in network order
	__type(value, __u32); // packet count
} xdp_stats_map SEC(".maps");

// The packet's IPv4 source address, or 0 when it is not an IPv4 packet.
static __always_inline __be32 parse_ip_src_addr(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *ip;

	if ((void *)(eth + 1) > data_end)
		return 0;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return 0;
	return ip->saddr;
}

SEC("xdp")
int xdp_prog_func(struct xdp_md *ctx)
{
	__be32 ip = parse_ip_src_addr(ctx);
	__u32 *pkt_count;

	if (!ip)
		return XDP_PASS;

	pkt_count = bpf_map_lookup_elem(&xdp_stats_map, &ip);
	if (pkt_count) {
		__sync_fetch_and_add(pkt_count, 1);
	} else {
		__u32 init_pkt_count = 1;
		bpf_map_update_elem(&xdp_stats_map, &ip, &init_pkt_count, BPF_ANY);
	}
	return XDP_PASS;
}
