// Writes ctx[0] 64-byte samples to CPU-local perf rings from a bpf_loop, in one
// BPF_PROG_TEST_RUN, for the libbpf side of the perf drain benchmark (dev.ebee.bench.PerfFill).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct loop_ctx {
	void *ctx;
	__u64 accepted;
};

static long emit(__u64 i, void *c)
{
	struct loop_ctx *l = c;
	__u64 buf[8] = {i, 1, 2, 3, 4, 5, 6, 7};

	if (!bpf_perf_event_output(l->ctx, &events, BPF_F_CURRENT_CPU, buf, sizeof(buf)))
		l->accepted++;
	return 0;
}

SEC("raw_tp")
int fill(__u64 *ctx)
{
	struct loop_ctx l = {.ctx = ctx};

	bpf_loop(ctx[0], emit, &l, 0);
	return l.accepted;
}

char LICENSE[] SEC("license") = "GPL";
