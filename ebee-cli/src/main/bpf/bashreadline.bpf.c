// SPDX-License-Identifier: GPL-2.0
/*
 * bashreadline: the line readline() returns, from a uretprobe the tool attaches to the readline
 * symbol of the shell (or of the shared library it takes readline from). Events go through a
 * perf event array (one buffer per CPU); the reader reports lost samples.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bashreadline.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* Not used: puts struct readline_event in the BTF, for its generated record (bpf2java). */
struct readline_event *unused_event __attribute__((unused));

/* Attached by the tool: the target is the --shell binary or its readline library. */
SEC("uretprobe")
int BPF_KRETPROBE(readline_return, const void *ret)
{
	struct readline_event e = {};

	if (!ret)
		return 0;
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.uid = (__u32)bpf_get_current_uid_gid();
	e.ktime_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	if (bpf_probe_read_user_str(e.line, sizeof(e.line), ret) <= 0)
		return 0;
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
