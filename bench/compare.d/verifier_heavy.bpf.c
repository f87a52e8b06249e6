// bench/compare's loadmany item: four programs the verifier takes milliseconds each to accept (a
// bounded loop it walks iteration by iteration), the case concurrent program loads are for.
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 64); } sums SEC(".maps");

#define HEAVY(name, seed)                                             \
SEC("socket")                                                         \
int name(struct __sk_buff *skb)                                       \
{                                                                     \
    __u64 acc = seed;                                                 \
    for (__u32 i = 0; i < 8000; i++) {                                \
        __u32 k = (acc ^ i) & 63;                                     \
        __u64 *v = bpf_map_lookup_elem(&sums, &k);                    \
        if (v)                                                        \
            acc += *v;                                                \
    }                                                                 \
    return acc & 1;                                                   \
}
HEAVY(heavy_a, 1)
HEAVY(heavy_b, 2)
HEAVY(heavy_c, 3)
HEAVY(heavy_d, 4)
char LICENSE[] SEC("license") = "GPL";
