/*
 * The -c/--cgroup filter of the process tools, evaluated in the kernel: a task passes when its
 * cgroup v2 is targ_cgroup_id or lies below it, that is when its ancestor at the target's depth
 * (targ_cgroup_level, the root being 0) is the target. This needs no map and no file descriptor
 * (libbpf-tools' -c puts the cgroup's fd in a cgroup array for bpf_current_task_under_cgroup;
 * the ancestor id answers the same question from two constants).
 * Include after vmlinux.h and bpf_helpers.h.
 */
#ifndef EBEE_CGROUP_FILTER_H
#define EBEE_CGROUP_FILTER_H

const volatile __u64 targ_cgroup_id = 0;    /* 0: every cgroup */
const volatile __u32 targ_cgroup_level = 0; /* the target's depth below the cgroup2 root */

static __always_inline bool cgroup_allowed(void)
{
	return !targ_cgroup_id || bpf_get_current_ancestor_cgroup_id(targ_cgroup_level) == targ_cgroup_id;
}

#endif
