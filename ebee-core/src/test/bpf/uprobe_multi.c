/* Counts calls by BPF cookie, for UprobeMultiTest: one program on several functions through one
 * uprobe.multi link, each function's cookie telling them apart. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u64);
    __type(value, __u64);
} hits SEC(".maps");

SEC("uprobe.multi")
int count_calls(void *ctx)
{
    __u64 cookie = bpf_get_attach_cookie(ctx), one = 1, *n;

    n = bpf_map_lookup_elem(&hits, &cookie);
    if (n)
        __sync_fetch_and_add(n, 1);
    else
        bpf_map_update_elem(&hits, &cookie, &one, BPF_NOEXIST);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
