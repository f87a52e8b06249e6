// Packets received per protocol, in a per-CPU array (no atomics on the hot path; the exporter
// sums the CPUs): ebee exporter's config packets.yaml.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

/* only the field read; CO-RE finds it in the running kernel's struct sk_buff */
struct sk_buff {
    __be16 protocol;
} __attribute__((preserve_access_index));

enum { OTHER, IPV4, IPV6, ARP, PROTOCOLS };

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, PROTOCOLS);
    __type(key, __u32);
    __type(value, __u64);
} packets_total SEC(".maps");

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(count_packet, struct sk_buff *skb)
{
    __u32 key;
    switch (__builtin_bswap16(skb->protocol)) {
    case 0x0800: key = IPV4; break;
    case 0x86dd: key = IPV6; break;
    case 0x0806: key = ARP; break;
    default: key = OTHER;
    }
    __u64 *n = bpf_map_lookup_elem(&packets_total, &key);
    if (n)
        (*n)++;
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
