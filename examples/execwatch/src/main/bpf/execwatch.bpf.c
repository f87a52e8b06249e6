// Each execve() of a process at or above min_pid: counted in a global, and sent to user space.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 min_pid = 0; // set before load
__u64 calls = 0;                  // .bss: read from Java while the program runs

struct event {
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

SEC("tp/syscalls/sys_enter_execve")
int on_execve(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct event *e;

	if (pid < min_pid)
		return 0;
	__sync_fetch_and_add(&calls, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = pid;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
