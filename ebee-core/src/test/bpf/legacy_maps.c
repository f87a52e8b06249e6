/* The pre-BTF "maps" section with struct bpf_map_def. */
#include "common.h"
struct bpf_map_def_legacy { unsigned int type, key_size, value_size, max_entries, map_flags; };
struct bpf_map_def_legacy SEC("maps") legacy = { .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 4 };
SEC("syscall")
int write_legacy(void *ctx)
{
    __u32 k = 1;
    __u64 *v = bpf_map_lookup_elem(&legacy, &k);
    if (v)
        *v = 99;
    return 0;
}
char LICENSE[] SEC("license") = "GPL";
