// System calls per command and name, and their latency: ebee exporter's config syscalls.yaml.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_BUCKET 26 /* 2^26 ns: 67 ms and above in the last bucket */

/* the raw_syscalls tracepoints' context, as their format files under tracefs lay it out */
struct sys_enter_ctx {
    __u64 common;
    long id;
    unsigned long args[6];
};

/* by command as well as by call: "which program makes all these futex calls" is the question a
 * machine-wide count per call cannot answer (sum by (syscall) gives the machine's totals) */
struct syscall_key {
    char comm[16];
    __u64 id; /* syscall number */
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 10240);
    __type(key, struct syscall_key);
    __type(value, __u64);
} syscalls_total SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, MAX_BUCKET + 1);
    __type(key, __u32); /* log2 of nanoseconds */
    __type(value, __u64);
} syscall_latency_seconds SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, __u64);
} start SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int sys_enter(struct sys_enter_ctx *ctx)
{
    struct syscall_key key = {.id = ctx->id};
    __u64 one = 1, *n;
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    __u64 now = bpf_ktime_get_ns();
    bpf_get_current_comm(key.comm, sizeof(key.comm));
    n = bpf_map_lookup_elem(&syscalls_total, &key);
    if (n)
        (*n)++;
    else
        bpf_map_update_elem(&syscalls_total, &key, &one, BPF_NOEXIST);
    bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
    return 0;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int sys_exit(void *ctx)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    __u64 *began = bpf_map_lookup_elem(&start, &tid);
    if (!began)
        return 0;
    __u64 ns = bpf_ktime_get_ns() - *began;
    bpf_map_delete_elem(&start, &tid);
    __u32 bucket = 0;
    while (bucket < MAX_BUCKET && (1ULL << bucket) < ns)
        bucket++;
    __u64 *n = bpf_map_lookup_elem(&syscall_latency_seconds, &bucket);
    if (n)
        (*n)++;
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
