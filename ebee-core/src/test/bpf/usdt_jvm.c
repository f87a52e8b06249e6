/* Counts HotSpot's gc__begin probe per process, attached by its section name alone (attachAll):
 * Temurin 25's libjvm.so, where the machines have it (UsdtKernelTest). */
#include "common.h"
#include <linux/ptrace.h>
#include <stdbool.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} gcs SEC(".maps");

SEC("usdt//usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so:hotspot:gc__begin")
int BPF_USDT(gc_begin, int full)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *n = bpf_map_lookup_elem(&gcs, &tgid);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&gcs, &tgid, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
