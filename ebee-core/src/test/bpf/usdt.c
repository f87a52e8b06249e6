/* Written against libbpf's usdt.bpf.h, as a libbpf user writes it: ebee must fill the
 * __bpf_usdt_specs map and the BPF cookies so that BPF_USDT, bpf_usdt_arg, bpf_usdt_arg_cnt and
 * bpf_usdt_cookie read what the probe passed (UsdtKernelTest, with the C program it builds). */
#include "common.h"
#include <linux/ptrace.h>
#include <stdbool.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

struct args_seen {
	__s64 args[BPF_USDT_MAX_ARG_CNT];
	__s32 rc[BPF_USDT_MAX_ARG_CNT];
	__s32 cnt;
	__u32 hits;
	__u64 cookie;
};

struct string_seen {
	char text[32];
	__s64 length;
	__u32 hits;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct args_seen);
} args SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct string_seen);
} strings SEC(".maps");

/* Every argument, by number, with bpf_usdt_arg's return code (0, or -ENOENT past the last). */
SEC("usdt")
int on_args(struct pt_regs *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct args_seen zero = {}, *s;

	bpf_map_update_elem(&args, &tgid, &zero, BPF_NOEXIST);
	s = bpf_map_lookup_elem(&args, &tgid);
	if (!s)
		return 0;
	s->cnt = bpf_usdt_arg_cnt(ctx);
	s->cookie = bpf_usdt_cookie(ctx);
	for (int i = 0; i < BPF_USDT_MAX_ARG_CNT; i++) {
		long v;
		s->rc[i] = bpf_usdt_arg(ctx, i, &v);
		s->args[i] = v;
	}
	s->hits++;
	return 0;
}

/* BPF_USDT with a pointer to a string and its length. */
SEC("usdt")
int BPF_USDT(on_string, const char *text, long length)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct string_seen zero = {}, *s;

	bpf_map_update_elem(&strings, &tgid, &zero, BPF_NOEXIST);
	s = bpf_map_lookup_elem(&strings, &tgid);
	if (!s)
		return 0;
	bpf_probe_read_user_str(s->text, sizeof(s->text), text);
	s->length = length;
	s->hits++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
