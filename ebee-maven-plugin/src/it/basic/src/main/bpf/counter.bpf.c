#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#if EXTRA != 1
#error "the configured cflags did not reach clang"
#endif

struct sample {
	__u32 pid;
	char comm[16];
};

const volatile __u32 target_pid = 0;

/* struct sample reaches BTF through this global function's prototype; <events> names it */
__noinline int keep(struct sample *s)
{
	return s ? s->pid : 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tp/syscalls/sys_enter_getpid")
int count(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *c;

	if (target_pid && pid != target_pid)
		return keep(0);
	c = bpf_map_lookup_elem(&counts, &pid);
	if (c)
		__sync_fetch_and_add(c, 1);
	else
		bpf_map_update_elem(&counts, &pid, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
