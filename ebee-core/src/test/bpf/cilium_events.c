/* Event maps declared as cilium/ebpf's examples declare them: the event struct as the map's value.
 * The kernel takes neither declaration as written (a ring buffer has no value, a perf event array's
 * value is a 4-byte fd), so the loader keeps struct event as the maps' event type only. */
#include "common.h"

struct event {
	__u32 pid;
	char tag[80];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24);
	__type(value, struct event);
} rb_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__type(key, __u32);
	__type(value, struct event);
} perf_events SEC(".maps");

/* Test-run: one event into the ring buffer. */
SEC("syscall")
int rb_send(void *ctx)
{
	struct event e = {.pid = bpf_get_current_pid_tgid() >> 32};

	__builtin_memcpy(e.tag, "ebee-cilium-rb", 15);
	return bpf_ringbuf_output(&rb_events, &e, sizeof(e), 0);
}

/* Test-run on the calling CPU: one event into the perf event array. */
SEC("raw_tp/sys_enter")
int perf_send(__u64 *ctx)
{
	struct event e = {.pid = bpf_get_current_pid_tgid() >> 32};

	__builtin_memcpy(e.tag, "ebee-cilium-perf", 17);
	return bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
}

char LICENSE[] SEC("license") = "GPL";
