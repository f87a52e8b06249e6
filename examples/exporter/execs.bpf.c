// Execs per command, and how long execve took, per command: ebee exporter's config execs.yaml.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_BUCKET 26 /* 2^26 us: a minute */

struct comm_key {
    char comm[16];
};

struct latency_key {
    char comm[16];
    __u32 bucket; /* log2 of microseconds, the histogram's last label */
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, struct comm_key);
    __type(value, __u64);
} exec_total SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, struct latency_key);
    __type(value, __u64);
} exec_latency_seconds SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);   /* thread id */
    __type(value, __u64); /* bpf_ktime_get_ns() at execve's entry */
} start SEC(".maps");

static void increment(void *map, void *key)
{
    __u64 one = 1, *count = bpf_map_lookup_elem(map, key);
    if (count)
        __sync_fetch_and_add(count, 1);
    else
        bpf_map_update_elem(map, key, &one, BPF_NOEXIST);
}

SEC("tracepoint/sched/sched_process_exec")
int count_exec(void *ctx)
{
    struct comm_key key = {};
    bpf_get_current_comm(key.comm, sizeof(key.comm));
    increment(&exec_total, &key);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int execve_enter(void *ctx)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    __u64 now = bpf_ktime_get_ns();
    bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
    return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int execve_exit(void *ctx)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    __u64 *began = bpf_map_lookup_elem(&start, &tid);
    if (!began)
        return 0;
    __u64 us = (bpf_ktime_get_ns() - *began) / 1000;
    bpf_map_delete_elem(&start, &tid);
    struct latency_key key = {};
    /* the command after the exec: the one that the exec count counts */
    bpf_get_current_comm(key.comm, sizeof(key.comm));
    __u32 bucket = 0;
    while (bucket < MAX_BUCKET && (1ULL << bucket) < us)
        bucket++;
    key.bucket = bucket;
    increment(&exec_latency_seconds, &key);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
