// Sends each line bash's readline() returns to user space through a perf event array.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char __license[] SEC("license") = "Dual MIT/GPL";

struct event {
	__u32 pid;
	char line[80];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__type(value, struct event);
} events SEC(".maps");

SEC("uretprobe")
int uretprobe_bash_readline(struct pt_regs *ctx)
{
	struct event event = {};

	event.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_probe_read_user_str(&event.line, sizeof(event.line), (void *)PT_REGS_RC(ctx));

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &event, sizeof(event));
	return 0;
}
