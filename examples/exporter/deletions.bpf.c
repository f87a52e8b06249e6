// Files deleted (unlink, unlinkat, rmdir), per command: ebee exporter's config deletions.yaml.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct key {
    char comm[16];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, struct key);
    __type(value, __u64);
} file_deletions_total SEC(".maps");

static int count(void)
{
    struct key key = {};
    __u64 one = 1, *n;
    bpf_get_current_comm(key.comm, sizeof(key.comm));
    n = bpf_map_lookup_elem(&file_deletions_total, &key);
    if (n)
        __sync_fetch_and_add(n, 1);
    else
        bpf_map_update_elem(&file_deletions_total, &key, &one, BPF_NOEXIST);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_unlinkat")
int unlinkat(void *ctx) { return count(); }

SEC("tracepoint/syscalls/sys_enter_unlink")
int unlink(void *ctx) { return count(); }

SEC("tracepoint/syscalls/sys_enter_rmdir")
int rmdir(void *ctx) { return count(); }

char LICENSE[] SEC("license") = "GPL";
