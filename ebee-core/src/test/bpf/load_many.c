/* Several socket programs for the concurrent-load tests: two of them (second_bad, third_bad) read a
 * map value without checking for NULL, so the verifier refuses them; the others load. */
#include "common.h"
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 4); } counts SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64); __uint(max_entries, 4); } hash SEC(".maps");

static __always_inline int count(__u32 k)
{
    __u64 *v = bpf_map_lookup_elem(&counts, &k);
    if (v)
        __sync_fetch_and_add(v, 1);
    return 0;
}

SEC("socket")
int first_ok(void *ctx) { return count(0); }

SEC("socket")
int second_bad(void *ctx)
{
    __u32 k = 1;
    __u64 *v = bpf_map_lookup_elem(&hash, &k);
    return *v == 2;
}

SEC("socket")
int third_bad(void *ctx)
{
    __u32 k = 2;
    __u64 *v = bpf_map_lookup_elem(&hash, &k);
    return *v == 3;
}

SEC("socket")
int fourth_ok(void *ctx) { return count(3); }

SEC("socket")
int tail_target(void *ctx) { return count(2); }

/* jumper tail-calls tail_target through a prog array the loader fills after both are loaded */
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 1); __type(key, __u32); __array(values, int (void *)); } jump SEC(".maps") = {
    .values = { [0] = (void *)&tail_target },
};

SEC("socket")
int jumper(void *ctx)
{
    bpf_tail_call(ctx, &jump, 0);
    return count(1);
}
char LICENSE[] SEC("license") = "GPL";
