// SPDX-License-Identifier: GPL-2.0
/*
 * jvmstat: per-JVM counts of HotSpot's GCs, thread starts and stops, class loads and unloads and
 * JIT compilations, from libjvm.so's USDT probes (written against libbpf's usdt.bpf.h). Counting
 * happens here, in a hash map keyed by the JVM's pid; user space reads the totals every interval,
 * so no event crosses to user space and a busy JVM costs one map update per probe hit.
 * None of these probes needs -XX:+ExtendedDTraceProbes: HotSpot fires them unconditionally.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "jvmstat.h"

const volatile __u32 targ_pid = 0; /* only this JVM (tgid); 0: every JVM */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);            /* tgid of the JVM */
	__type(value, struct jvm_counts);
} counts SEC(".maps");

/* When the GC or the compilation running on a thread began (both begin and end fire on that thread). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);            /* pid_tgid */
	__type(value, __u64);          /* bpf_ktime_get_ns() */
} gc_starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __u64);
} compile_starts SEC(".maps");

/* Not used: puts struct jvm_counts in the BTF under its name, for its generated record (bpf2java). */
struct jvm_counts *unused_counts __attribute__((unused));

/* The counts of the current JVM, created on its first event; NULL for a JVM we do not watch. */
static __always_inline struct jvm_counts *jvm(void)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct jvm_counts *c, zero = {};

	if (targ_pid && targ_pid != pid)
		return NULL;
	c = bpf_map_lookup_elem(&counts, &pid);
	if (c)
		return c;
	bpf_map_update_elem(&counts, &pid, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&counts, &pid);
}

static __always_inline int begin(void *starts)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 now;

	if (targ_pid && targ_pid != id >> 32)
		return 0;
	now = bpf_ktime_get_ns();
	bpf_map_update_elem(starts, &id, &now, BPF_ANY);
	return 0;
}

/* The time since this thread's begin, or 0 when the begin was not seen (it ran before we attached). */
static __always_inline __u64 elapsed(void *starts)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 *t = bpf_map_lookup_elem(starts, &id);
	__u64 ns;

	if (!t)
		return 0;
	ns = bpf_ktime_get_ns() - *t;
	bpf_map_delete_elem(starts, &id);
	return ns;
}

SEC("usdt")
int BPF_USDT(gc_begin)
{
	return begin(&gc_starts);
}

SEC("usdt")
int BPF_USDT(gc_end)
{
	__u64 ns = elapsed(&gc_starts);
	struct jvm_counts *c;

	if (!ns)
		return 0; /* half a collection: its begin came before we attached */
	c = jvm();
	if (c) {
		__sync_fetch_and_add(&c->gcs, 1);
		__sync_fetch_and_add(&c->gc_ns, ns);
	}
	return 0;
}

SEC("usdt")
int BPF_USDT(thread_start)
{
	struct jvm_counts *c = jvm();

	if (c)
		__sync_fetch_and_add(&c->threads_started, 1);
	return 0;
}

SEC("usdt")
int BPF_USDT(thread_stop)
{
	struct jvm_counts *c = jvm();

	if (c)
		__sync_fetch_and_add(&c->threads_stopped, 1);
	return 0;
}

SEC("usdt")
int BPF_USDT(class_loaded)
{
	struct jvm_counts *c = jvm();

	if (c)
		__sync_fetch_and_add(&c->classes_loaded, 1);
	return 0;
}

SEC("usdt")
int BPF_USDT(class_unloaded)
{
	struct jvm_counts *c = jvm();

	if (c)
		__sync_fetch_and_add(&c->classes_unloaded, 1);
	return 0;
}

SEC("usdt")
int BPF_USDT(compile_begin)
{
	return begin(&compile_starts);
}

/* method__compile__end's arguments: compiler name and length, class name and length, method name
 * and length, signature and length, and (the 9th) whether the compilation succeeded. */
SEC("usdt")
int BPF_USDT(compile_end, void *compiler, long compiler_len, void *klass, long klass_len,
	     void *method, long method_len, void *sig, long sig_len, long success)
{
	__u64 ns = elapsed(&compile_starts);
	struct jvm_counts *c = jvm();

	if (!c)
		return 0;
	if ((__u8)success)
		__sync_fetch_and_add(&c->methods_compiled, 1);
	else
		__sync_fetch_and_add(&c->compiles_failed, 1);
	__sync_fetch_and_add(&c->compile_ns, ns);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
