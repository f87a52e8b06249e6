/* Event producers for the reader tests (dev.ebee.ringbuf, dev.ebee.perf): the libbpf-style map
 * definitions and helpers a real tool uses, loaded through ObjectFile/Collection. */
#include "common.h"

struct event {
	__u64 seq;
	__u32 pid;
	char tag[12];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 4096);
} rb_events SEC(".maps");

/* no max_entries: one slot per possible CPU, sized at load */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct rb_args {
	__u32 count;
	__u32 discard_every;
};

/* Reserves count (at most 64) events; discards those whose seq is a multiple of discard_every
 * (when not 0). Returns the number submitted, or -1 when the ring is full. */
SEC("syscall")
int rb_emit(struct rb_args *args)
{
	__u32 n = args->count, every = args->discard_every;
	int submitted = 0;

	for (__u32 i = 0; i < 64 && i < n; i++) {
		struct event *e = bpf_ringbuf_reserve(&rb_events, sizeof(*e), 0);

		if (!e)
			return -1;
		e->seq = i;
		e->pid = bpf_get_current_pid_tgid() >> 32;
		__builtin_memcpy(e->tag, "ebee-ringbuf", sizeof(e->tag));
		if (every && i % every == 0) {
			bpf_ringbuf_discard(e, 0);
		} else {
			bpf_ringbuf_submit(e, 0);
			submitted++;
		}
	}
	return submitted;
}

/* Test-run with BPF_F_TEST_RUN_ON_CPU: one event with seq = the first argument. */
SEC("raw_tp/sys_enter")
int perf_emit(__u64 *ctx)
{
	struct event e = {.seq = ctx[0], .pid = bpf_get_current_pid_tgid() >> 32};

	__builtin_memcpy(e.tag, "ebee-perfbuf", sizeof(e.tag));
	return bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
}

char LICENSE[] SEC("license") = "GPL";
