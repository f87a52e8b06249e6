// SPDX-License-Identifier: GPL-2.0
/*
 * jvmthreads: one event per Java thread start and stop, from HotSpot's hotspot:thread__start and
 * thread__stop USDT probes of libjvm.so (written against libbpf's usdt.bpf.h). Both probes pass
 * the thread's name (pointer and length), its java.lang.Thread id, its native (kernel) thread id
 * and whether it is a daemon; HotSpot fires them on the thread itself, without
 * -XX:+ExtendedDTraceProbes.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "jvmthreads.h"
#include "ringbuf_events.h"
#include "counted_string.h"

const volatile __u32 targ_pid = 0; /* only this JVM (tgid); 0: every JVM */

/* Not used: puts struct thread_event in the BTF, for its generated record (bpf2java). */
struct thread_event *unused_event __attribute__((unused));

static __always_inline int send(__u8 start, const char *name, long name_len, long java_id, long native_id, long daemon)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct thread_event *e;

	if (targ_pid && targ_pid != id >> 32)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	e->pid = id >> 32;
	e->tid = (__u32)native_id;
	e->java_id = java_id;
	e->start = start;
	e->daemon = (__u8)daemon != 0;
	e->pad = 0;
	e->name_len = (__u32)name_len;
	e->ktime_ns = bpf_ktime_get_ns();
	copy_counted_string(e->name, sizeof(e->name), name, name_len);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("usdt")
int BPF_USDT(thread_start, const char *name, long name_len, long java_id, long native_id, long daemon)
{
	return send(1, name, name_len, java_id, native_id, daemon);
}

SEC("usdt")
int BPF_USDT(thread_stop, const char *name, long name_len, long java_id, long native_id, long daemon)
{
	return send(0, name, name_len, java_id, native_id, daemon);
}

char LICENSE[] SEC("license") = "GPL";
