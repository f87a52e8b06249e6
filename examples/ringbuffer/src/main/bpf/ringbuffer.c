// Sends an event per exec to user space through a ring buffer.
// cilium/ebpf's ringbuffer example uses a kprobe on sys_execve; a tracepoint needs no kprobe support.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char __license[] SEC("license") = "Dual MIT/GPL";

struct event {
	__u32 pid;
	__u8 comm[80];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24);
	__type(value, struct event);
} events SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int trace_exec(void *ctx)
{
	struct event *task_info;

	task_info = bpf_ringbuf_reserve(&events, sizeof(struct event), 0);
	if (!task_info)
		return 0;

	task_info->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&task_info->comm, 80);

	bpf_ringbuf_submit(task_info, 0);
	return 0;
}
