// SPDX-License-Identifier: GPL-2.0
/*
 * rmdetect: who deletes what (unlink, unlinkat with or without AT_REMOVEDIR, rmdir) and whether
 * it worked. The path argument and, for a relative path, the names of the directory it is
 * relative to are read at entry, kept in a hash map keyed by thread id, and emitted at exit
 * with the return value.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "rmdetect.h"

#define AT_FDCWD_ -100
#define AT_REMOVEDIR_ 0x200

const volatile __u32 targ_pid = 0;         /* only this process (tgid); 0: all */
const volatile bool targ_failed = false;   /* only failed deletions */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct rm_event);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rm_event);
} heap SEC(".maps");

#include "ringbuf_events.h"
#include "cgroup_filter.h"

/*
 * Appends the names from dentry d up to the root (crossing mounts) to e->dir. The write offset
 * and the count live in the event, not in registers, so that the verifier sees the same state
 * at the top of every iteration and the loop verifies in linear time.
 */
static __always_inline void walk_up(struct rm_event *e, struct dentry *d, struct vfsmount *vm)
{
	struct mount *mnt = (void *)vm - bpf_core_field_offset(struct mount, mnt);

	e->dir_size = 0;
	e->dir_count = 0;
	for (int i = 0; i < RM_MAX_DEPTH; i++) {
		struct dentry *root = BPF_CORE_READ(vm, mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		const unsigned char *name;
		__u32 off;
		int n;

		if (d == root || d == parent) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

			if (d != root || up == mnt || !up) {
				e->dir_state = RM_DIR_OK;
				return;
			}
			/* the root of a mount: go on from where it is mounted */
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			vm = (void *)up + bpf_core_field_offset(struct mount, mnt);
			continue;
		}
		off = e->dir_size;
		if (off > RM_DIR_LEN - RM_NAME_LEN)
			break;
		name = BPF_CORE_READ(d, d_name.name);
		n = bpf_probe_read_kernel_str(&e->dir[off], RM_NAME_LEN, name);
		if (n <= 0) {
			e->dir_state = RM_DIR_FAILED;
			return;
		}
		e->dir_size = off + n;
		e->dir_count++;
		d = parent;
	}
	e->dir_state = RM_DIR_TRUNCATED;
}

static __always_inline int enter(const char *pathname, int dfd, __u32 flags, __u8 syscall)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, pid = id >> 32, zero = 0;
	struct task_struct *task;
	struct rm_event *e;

	if (targ_pid && targ_pid != pid)
		return 0;
	if (!cgroup_allowed())
		return 0;
	e = bpf_map_lookup_elem(&heap, &zero);
	if (!e)
		return 0;

	task = (struct task_struct *)bpf_get_current_task();
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->ret = 0;
	e->dfd = dfd;
	e->flags = flags;
	e->syscall = syscall;
	e->is_dir = syscall == RM_RMDIR || (syscall == RM_UNLINKAT && (flags & AT_REMOVEDIR_));
	e->dir_state = RM_DIR_NONE;
	e->dir_count = 0;
	e->dir_size = 0;
	e->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_user_str(e->path, sizeof(e->path), pathname) < 0)
		e->path[0] = 0;

	if (e->path[0] != '/') {
		struct dentry *d;
		struct vfsmount *vm;

		if (dfd == AT_FDCWD_) {
			d = BPF_CORE_READ(task, fs, pwd.dentry);
			vm = BPF_CORE_READ(task, fs, pwd.mnt);
		} else {
			struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
			unsigned int max = BPF_CORE_READ(fdt, max_fds);
			struct file **fds = BPF_CORE_READ(fdt, fd);
			struct file *f = NULL;

			if (dfd >= 0 && (unsigned int)dfd < max)
				bpf_probe_read_kernel(&f, sizeof(f), &fds[dfd]);
			if (!f) {
				e->dir_state = RM_DIR_FAILED;
				goto save;
			}
			d = BPF_CORE_READ(f, f_path.dentry);
			vm = BPF_CORE_READ(f, f_path.mnt);
		}
		if (!d || !vm)
			e->dir_state = RM_DIR_FAILED;
		else
			walk_up(e, d, vm);
	}
save:
	bpf_map_update_elem(&inflight, &tid, e, BPF_ANY);
	return 0;
}

static __always_inline int leave(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct rm_event *e = bpf_map_lookup_elem(&inflight, &tid);

	if (!e)
		return 0;
	if (!targ_failed || ret < 0) {
		e->ret = ret;
		e->ktime_ns = bpf_ktime_get_ns();
		if (bpf_ringbuf_output(&events, e, sizeof(*e), 0))
			count_drop();
	}
	bpf_map_delete_elem(&inflight, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_unlink")
int tracepoint__syscalls__sys_enter_unlink(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[0], AT_FDCWD_, 0, RM_UNLINK);
}

SEC("tracepoint/syscalls/sys_exit_unlink")
int tracepoint__syscalls__sys_exit_unlink(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_unlinkat")
int tracepoint__syscalls__sys_enter_unlinkat(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[1], (int)ctx->args[0], (__u32)ctx->args[2], RM_UNLINKAT);
}

SEC("tracepoint/syscalls/sys_exit_unlinkat")
int tracepoint__syscalls__sys_exit_unlinkat(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_rmdir")
int tracepoint__syscalls__sys_enter_rmdir(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[0], AT_FDCWD_, 0, RM_RMDIR);
}

SEC("tracepoint/syscalls/sys_exit_rmdir")
int tracepoint__syscalls__sys_exit_rmdir(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
