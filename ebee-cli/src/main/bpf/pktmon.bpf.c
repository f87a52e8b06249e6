// SPDX-License-Identifier: GPL-2.0
/*
 * pktmon: an XDP program that counts packets and bytes per protocol class in a per-CPU array
 * and, when verbose, sends one record per packet through a ring buffer. Always XDP_PASS.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "pktmon.h"

#define ETH_P_IP_ 0x0800
#define ETH_P_IPV6_ 0x86DD
#define ETH_P_8021Q_ 0x8100
#define ETH_P_8021AD_ 0x88A8
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_DSTOPTS_ 60
#define IPPROTO_ICMPV6_ 58
#define IPV4_MF 0x2000
#define IPV4_OFFSET 0x1FFF
#define LOW_TTL 10

const volatile bool verbose = false;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PKT_NCLASS);
	__type(key, __u32);
	__type(value, struct pkt_stats);
} stats SEC(".maps");

#include "ringbuf_events.h"

/* Not used: puts struct pkt_event in the BTF, for its generated record (bpf2java). */
struct pkt_event *unused_event __attribute__((unused));

struct vlan_hdr_ {
	__be16 tci;
	__be16 proto;
};

static __always_inline void account(__u32 klass, __u64 bytes)
{
	struct pkt_stats *s = bpf_map_lookup_elem(&stats, &klass);

	if (s) {
		s->packets++;
		s->bytes += bytes;
	}
}

static __always_inline void ports(struct pkt_event *ev, void *l4, void *end)
{
	if (ev->proto == IPPROTO_TCP_) {
		struct tcphdr *th = l4;

		ev->klass = PKT_TCP;
		if ((void *)(th + 1) > end)
			return;
		ev->sport = bpf_ntohs(th->source);
		ev->dport = bpf_ntohs(th->dest);
		if (th->syn)
			ev->flags |= PKT_F_SYN;
		if (th->fin)
			ev->flags |= PKT_F_FIN;
		if (th->rst)
			ev->flags |= PKT_F_RST;
		if (th->ack)
			ev->flags |= PKT_F_ACK;
	} else if (ev->proto == IPPROTO_UDP_) {
		struct udphdr *uh = l4;

		ev->klass = PKT_UDP;
		if ((void *)(uh + 1) > end)
			return;
		ev->sport = bpf_ntohs(uh->source);
		ev->dport = bpf_ntohs(uh->dest);
	} else if (ev->proto == IPPROTO_ICMP_ || ev->proto == IPPROTO_ICMPV6_) {
		ev->klass = PKT_ICMP;
	}
}

SEC("xdp")
int pktmon(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct pkt_event ev = {};
	struct ethhdr *eth = data;
	void *cur;
	__u16 proto;

	ev.size = end - data;
	ev.klass = PKT_OTHER;
	if ((void *)(eth + 1) > end)
		goto out;
	proto = bpf_ntohs(eth->h_proto);
	cur = eth + 1;
#pragma unroll
	for (int i = 0; i < 2; i++) {
		struct vlan_hdr_ *vh = cur;

		if (proto != ETH_P_8021Q_ && proto != ETH_P_8021AD_)
			break;
		if ((void *)(vh + 1) > end)
			goto out;
		proto = bpf_ntohs(vh->proto);
		cur = vh + 1;
	}
	ev.ethertype = proto;

	if (proto == ETH_P_IP_) {
		struct iphdr *ip = cur;
		__u32 ihl;
		__u16 frag;

		if ((void *)(ip + 1) > end)
			goto out;
		ihl = ip->ihl * 4;
		if (ihl < sizeof(*ip))
			goto out;
		ev.family = 4;
		ev.proto = ip->protocol;
		ev.ttl = ip->ttl;
		__builtin_memcpy(ev.src, &ip->saddr, 4);
		__builtin_memcpy(ev.dst, &ip->daddr, 4);
		frag = bpf_ntohs(ip->frag_off);
		if (frag & (IPV4_MF | IPV4_OFFSET))
			ev.flags |= PKT_F_FRAG;
		if (ev.ttl < LOW_TTL)
			ev.flags |= PKT_F_LOW_TTL;
		if (ev.proto == IPPROTO_TCP_)
			ev.klass = PKT_TCP;
		else if (ev.proto == IPPROTO_UDP_)
			ev.klass = PKT_UDP;
		else if (ev.proto == IPPROTO_ICMP_)
			ev.klass = PKT_ICMP;
		if (!(frag & IPV4_OFFSET))
			ports(&ev, (void *)ip + ihl, end);
	} else if (proto == ETH_P_IPV6_) {
		struct ipv6hdr *ip6 = cur;
		bool first_fragment = true;
		__u8 next;

		if ((void *)(ip6 + 1) > end)
			goto out;
		ev.family = 6;
		ev.ttl = ip6->hop_limit;
		__builtin_memcpy(ev.src, &ip6->saddr, 16);
		__builtin_memcpy(ev.dst, &ip6->daddr, 16);
		if (ev.ttl < LOW_TTL)
			ev.flags |= PKT_F_LOW_TTL;
		next = ip6->nexthdr;
		cur = ip6 + 1;
#pragma unroll
		for (int i = 0; i < 4; i++) {
			if (next == IPPROTO_HOPOPTS_ || next == IPPROTO_ROUTING_ || next == IPPROTO_DSTOPTS_) {
				struct ipv6_opt_hdr *oh = cur;

				if ((void *)(oh + 1) > end)
					goto out;
				next = oh->nexthdr;
				cur += (oh->hdrlen + 1) * 8;
			} else if (next == IPPROTO_FRAGMENT_) {
				struct frag_hdr *fh = cur;

				if ((void *)(fh + 1) > end)
					goto out;
				ev.flags |= PKT_F_FRAG;
				if (bpf_ntohs(fh->frag_off) & 0xFFF8)
					first_fragment = false;
				next = fh->nexthdr;
				cur = fh + 1;
			} else {
				break;
			}
		}
		ev.proto = next;
		if (next == IPPROTO_TCP_)
			ev.klass = PKT_TCP;
		else if (next == IPPROTO_UDP_)
			ev.klass = PKT_UDP;
		else if (next == IPPROTO_ICMPV6_)
			ev.klass = PKT_ICMP;
		if (first_fragment)
			ports(&ev, cur, end);
	}
out:
	account(PKT_TOTAL, ev.size);
	account(ev.klass, ev.size);
	if (verbose) {
		ev.ktime_ns = bpf_ktime_get_ns();
		if (bpf_ringbuf_output(&events, &ev, sizeof(ev), 0))
			count_drop();
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
