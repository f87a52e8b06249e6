// Every C type bpf2java maps, for the generator's golden and round-trip tests.
#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

enum color { RED = 0, GREEN = 1, BLUE = 7 };
enum big : __u64 { SMALL = 1, HUGE = 2 };
enum level { LOW = -1, HIGH = 1 };

struct inner {
	__u16 port;
	__s8 delta;
	char tag[3];
};

union addr {
	__u32 v4;
	__u8 v6[16];
	struct inner in;
};

struct flags {
	unsigned int a : 1;
	unsigned int b : 3;
	int c : 4;
	__u64 d : 40;
	bool e : 1;
};

struct key {
	__u32 pid;
	char comm[16];
};

struct value {
	__s8 s8;
	__u8 u8;
	__s16 s16;
	__u16 u16;
	__s32 s32;
	__u32 u32;
	__s64 s64;
	__u64 u64;
	bool flag;
	char name[8];
	__u8 raw[4];
	__u32 grid[2][3];
	struct inner nested;
	struct inner many[2];
	enum color color;
	enum big big;
	enum level level;
	union addr addr;
	struct flags bits;
	void *ptr;
	struct {
		__u32 x;
		__u32 y;
	};
	union {
		__u32 as_u32;
		float as_float;
	};
	double ratio;
};

struct event {
	__u32 pid;
	__u64 ts;
	char comm[16];
	enum color color;
};

struct config {
	__u32 min;
	__u32 max;
};

const volatile __u32 target_pid = 0;
const volatile bool verbose = false;
const volatile __s64 threshold = -1;
const volatile char prefix[8] = "ebee";
const volatile struct config limits = { 1, 10 };

struct event *unused_event __attribute__((unused));

__u64 getpid_calls = 0;          /* .bss */
struct config window = { 3, 4 }; /* .data */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, struct key);
	__type(value, struct value);
} values SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct config);
} percpu SEC(".maps");

SEC("tp/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u32 zero = 0;
	if (target_pid && pid != target_pid)
		return 0;
	__u64 *c = bpf_map_lookup_elem(&counters, &zero);
	if (c)
		__sync_fetch_and_add(c, 1);
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = pid;
	e->ts = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->color = verbose ? BLUE : RED;
	getpid_calls++;
	window.max = pid;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("raw_tp/sys_enter")
int on_sys_enter(void *ctx)
{
	struct key k = {};
	struct value *v = bpf_map_lookup_elem(&values, &k);
	if (v && v->s64 > threshold && limits.max > 0 && prefix[0])
		v->u64++;
	return 0;
}

/* The value RoundTrip.sample() builds in Java, built in C. */
static __always_inline void sample(struct value *v)
{
	__builtin_memset(v, 0, sizeof(*v));
	v->s8 = -1;
	v->u8 = 255;
	v->s16 = -2;
	v->u16 = 65535;
	v->s32 = -3;
	v->u32 = 0xffffffff;
	v->s64 = (__s64)0x8000000000000000ULL;
	v->u64 = ~0ULL;
	v->flag = true;
	__builtin_memcpy(v->name, "name", 4);
	v->raw[0] = 1;
	v->raw[1] = 2;
	v->raw[2] = 3;
	v->raw[3] = 4;
	v->grid[0][0] = 1;
	v->grid[0][1] = 2;
	v->grid[0][2] = 3;
	v->grid[1][0] = 4;
	v->grid[1][1] = 5;
	v->grid[1][2] = 0xffffffff;
	v->nested.port = 65535;
	v->nested.delta = -2;
	__builtin_memcpy(v->nested.tag, "ab", 2);
	v->many[0] = v->nested;
	v->many[1].port = 1;
	v->many[1].delta = 127;
	__builtin_memcpy(v->many[1].tag, "xyz", 3);
	v->color = BLUE;
	v->big = HUGE;
	v->level = LOW;
	v->addr.v4 = 0xdeadbeef;
	v->bits.a = 1;
	v->bits.b = 7;
	v->bits.c = -8;
	v->bits.d = (1ULL << 40) - 1;
	v->bits.e = true;
	v->ptr = (void *)0x1234;
	v->x = 5;
	v->y = 6;
	v->as_u32 = 0x3fc00000; /* 1.5f */
	v->ratio = 2.25;
}

/* Writes sample() under key {1, "fill"}: Java decodes it. */
SEC("syscall")
int fill(void *ctx)
{
	struct key k = { .pid = 1 };
	struct value v;

	__builtin_memcpy(k.comm, "fill", 4);
	sample(&v);
	bpf_map_update_elem(&values, &k, &v, BPF_ANY);
	return 0;
}

/* Compares the value Java wrote under key {2, "java"} with sample(): 0, or 1 + the first differing offset. */
SEC("syscall")
int check(void *ctx)
{
	struct key k = { .pid = 2 };
	struct value want;
	unsigned char *got, *w = (unsigned char *)&want;

	__builtin_memcpy(k.comm, "java", 4);
	got = bpf_map_lookup_elem(&values, &k);
	if (!got)
		return -1;
	sample(&want);
	for (int i = 0; i < sizeof(want); i++)
		if (got[i] != w[i])
			return i + 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
