// Compile check for the vmlinux.h ebee writes: CO-RE reads of kernel types.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tp/raw_syscalls/sys_enter")
int on_enter(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	int ppid = BPF_CORE_READ(task, real_parent, tgid);
	long id = ctx->id;
	if (bpf_core_field_exists(task->pid) && id >= 0)
		bpf_printk("ppid %d id %ld", ppid, id);
	return 0;
}

SEC("xdp")
int pass(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	return data + 14 <= end ? XDP_PASS : XDP_DROP;
}
