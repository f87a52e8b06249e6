// SPDX-License-Identifier: GPL-2.0
/*
 * jvmgc: one event per HotSpot garbage collection, from the hotspot:gc__begin and gc__end USDT
 * probes of libjvm.so (written against libbpf's usdt.bpf.h; the tool attaches both programs to
 * every libjvm.so it finds). The begin time is kept per thread; the end sends the pause.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "jvmgc.h"
#include "ringbuf_events.h"

const volatile __u32 targ_pid = 0; /* only this JVM (tgid); 0: every JVM */

struct gc_start {
	__u64 ts;
	__u32 full;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);            /* pid_tgid of the collecting thread */
	__type(value, struct gc_start);
} starts SEC(".maps");

/* Not used: puts struct gc_event in the BTF, for its generated record (bpf2java). */
struct gc_event *unused_event __attribute__((unused));

SEC("usdt")
int BPF_USDT(gc_begin, int full)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct gc_start s = {};

	if (targ_pid && targ_pid != id >> 32)
		return 0;
	s.ts = bpf_ktime_get_ns();
	s.full = full != 0;
	bpf_map_update_elem(&starts, &id, &s, BPF_ANY);
	return 0;
}

SEC("usdt")
int BPF_USDT(gc_end)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct gc_start *s = bpf_map_lookup_elem(&starts, &id);
	struct gc_event *e;

	if (!s)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		bpf_map_delete_elem(&starts, &id);
		return 0;
	}
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->duration_ns = bpf_ktime_get_ns() - s->ts;
	e->full = s->full;
	e->start_ns = s->ts;
	e->pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	bpf_map_delete_elem(&starts, &id);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
