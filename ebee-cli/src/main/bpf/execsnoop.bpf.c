// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop: one event per execve/execveat, with its arguments and return value.
 * Arguments are copied at syscall entry into a hash map keyed by thread id, and the event is
 * emitted at exit with the return value and the (new) command name.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "execsnoop.h"

/* Filters, set before load. */
const volatile __u32 targ_uid = (__u32)-1;   /* only this uid; -1: all */
const volatile __u32 targ_ppid = 0;          /* only children of this process (tgid); 0: all */
const volatile bool ignore_failed = true;    /* leave failed execs out (bcc's default; -x keeps them) */
const volatile bool targ_failed = false;     /* only failed execs */
const volatile __u32 max_args = EXECSNOOP_DEFAULT_ARGS;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct exec_event);
} execs SEC(".maps");

/* Scratch space: an exec_event is too big for the stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_event);
} heap SEC(".maps");

#include "ringbuf_events.h"
#include "cgroup_filter.h"

static __always_inline int enter(const char *filename, const char *const *argv, __u8 is_at)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	__u32 uid = (__u32)bpf_get_current_uid_gid();
	__u32 zero = 0;
	struct exec_event *e;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 ppid = BPF_CORE_READ(task, real_parent, tgid);
	const char *argp;
	__u32 limit = max_args;
	int ret;

	if (targ_uid != (__u32)-1 && targ_uid != uid)
		return 0;
	if (targ_ppid && targ_ppid != ppid)
		return 0;
	if (!cgroup_allowed())
		return 0;
	e = bpf_map_lookup_elem(&heap, &zero);
	if (!e)
		return 0;

	e->pid = id >> 32;
	e->ppid = ppid;
	e->uid = uid;
	e->retval = 0;
	e->args_count = 0;
	e->args_size = 0;
	e->truncated = 0;
	e->execveat = is_at;
	e->cgroup_id = bpf_get_current_cgroup_id();

	ret = bpf_probe_read_user_str(e->args, EXECSNOOP_ARGSIZE, filename);
	if (ret < 0)
		ret = 1, e->args[0] = 0;
	e->args_size = ret;
	e->args_count = 1;

	if (limit > EXECSNOOP_MAX_ARGS)
		limit = EXECSNOOP_MAX_ARGS;
	for (__u32 i = 1; i < EXECSNOOP_MAX_ARGS; i++) {
		__u32 size = e->args_size;

		if (bpf_probe_read_user(&argp, sizeof(argp), &argv[i]) || !argp)
			goto done;
		if (i >= limit || size > EXECSNOOP_ARGS_BUF - EXECSNOOP_ARGSIZE) {
			e->truncated = 1;
			goto done;
		}
		ret = bpf_probe_read_user_str(&e->args[size], EXECSNOOP_ARGSIZE, argp);
		if (ret < 0)
			goto done;
		e->args_size = size + ret;
		e->args_count++;
	}
	/* EXECSNOOP_MAX_ARGS read: is there one more? */
	if (!bpf_probe_read_user(&argp, sizeof(argp), &argv[EXECSNOOP_MAX_ARGS]) && argp)
		e->truncated = 1;
done:
	bpf_map_update_elem(&execs, &tid, e, BPF_ANY);
	return 0;
}

static __always_inline int leave(long retval)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct exec_event *e;
	__u32 size;

	e = bpf_map_lookup_elem(&execs, &tid);
	if (!e)
		return 0;
	if (retval >= 0 ? targ_failed : ignore_failed && !targ_failed)
		goto cleanup;
	e->retval = retval;
	e->ktime_ns = bpf_ktime_get_ns();
	/* after a successful exec the thread may be the group leader now: take its ids again */
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	size = e->args_size;
	if (size > EXECSNOOP_ARGS_BUF)
		size = EXECSNOOP_ARGS_BUF;
	if (bpf_ringbuf_output(&events, e, EXECSNOOP_HEADER_SIZE + size, 0))
		count_drop();
cleanup:
	bpf_map_delete_elem(&execs, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int tracepoint__syscalls__sys_enter_execve(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[0], (const char *const *)ctx->args[1], 0);
}

SEC("tracepoint/syscalls/sys_exit_execve")
int tracepoint__syscalls__sys_exit_execve(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_execveat")
int tracepoint__syscalls__sys_enter_execveat(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[1], (const char *const *)ctx->args[2], 1);
}

SEC("tracepoint/syscalls/sys_exit_execveat")
int tracepoint__syscalls__sys_exit_execveat(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
