// SPDX-License-Identifier: GPL-2.0
/* tracepipe: writes one line to the kernel's trace buffer per execve(). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

SEC("tp/syscalls/sys_enter_execve")
int printk_execve(struct trace_event_raw_sys_enter *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("execve called by PID: %d", pid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
