// SPDX-License-Identifier: GPL-2.0
/*
 * jvmclassload: one event per class HotSpot loads or unloads, from the hotspot:class__loaded and
 * class__unloaded USDT probes of libjvm.so (written against libbpf's usdt.bpf.h). Both pass the
 * class name (a Symbol's bytes and their length: no NUL), the address of the loader's
 * ClassLoaderData (its id while it lives) and whether the class came from the CDS archive.
 *
 * A JVM loads 500 to 2000 classes in its first second, a framework's start tens of thousands:
 * an 8 MiB ring buffer holds about 28,000 of these 280-byte events before user space reads any.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "jvmclassload.h"
#define EBEE_EVENTS_BYTES (8 << 20)
#include "ringbuf_events.h"
#include "counted_string.h"

const volatile __u32 targ_pid = 0; /* only this JVM (tgid); 0: every JVM */

/* Not used: puts struct class_event in the BTF, for its generated record (bpf2java). */
struct class_event *unused_event __attribute__((unused));

static __always_inline int send(__u8 loaded, const char *name, long name_len, long loader, long shared)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct class_event *e;

	if (targ_pid && targ_pid != id >> 32)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->loader = loader;
	e->loaded = loaded;
	e->shared = (__u8)shared != 0;
	e->pad = 0;
	e->name_len = (__u32)name_len;
	e->ktime_ns = bpf_ktime_get_ns();
	copy_counted_string(e->name, sizeof(e->name), name, name_len);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("usdt")
int BPF_USDT(class_loaded, const char *name, long name_len, long loader, long shared)
{
	return send(1, name, name_len, loader, shared);
}

SEC("usdt")
int BPF_USDT(class_unloaded, const char *name, long name_len, long loader, long shared)
{
	return send(0, name, name_len, loader, shared);
}

char LICENSE[] SEC("license") = "GPL";
