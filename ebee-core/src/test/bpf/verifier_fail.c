/* Loads a map value without checking for NULL: the verifier must refuse, naming this line. */
#include "common.h"
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64); __uint(max_entries, 4); } m SEC(".maps");
SEC("socket")
int unchecked(void *ctx)
{
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&m, &k);
    return *v == 1; /* EBEE_FAIL_LINE */
}
char LICENSE[] SEC("license") = "GPL";
