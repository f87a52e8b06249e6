/*
 * The event channel the ring-buffer tools share: a ring buffer `events` (1 MiB, or
 * EBEE_EVENTS_BYTES defined before the include, a power of two, for a tool whose events come in
 * bursts), and `dropped`[0] counting the records that did not fit (the tools read it to report
 * lost events). Include after vmlinux.h and bpf_helpers.h.
 */
#ifndef EBEE_RINGBUF_EVENTS_H
#define EBEE_RINGBUF_EVENTS_H

#ifndef EBEE_EVENTS_BYTES
#define EBEE_EVENTS_BYTES (1 << 20)
#endif

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, EBEE_EVENTS_BYTES);
} events SEC(".maps");

/* Index 0: events dropped because the ring buffer was full. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&dropped, &zero);

	if (n)
		__sync_fetch_and_add(n, 1);
}

#endif
