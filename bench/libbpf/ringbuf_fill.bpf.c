// Fills a 16 MiB ring buffer with 64-byte records in one BPF_PROG_TEST_RUN, for the libbpf side
// of the ring buffer drain benchmark (the same work as dev.ebee.bench.RingFill's program).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} rb SEC(".maps");

struct args {
	__u32 count;
	__u32 size;
	__u32 emitted;
	__s32 err;
};

static long emit(__u64 i, void *c)
{
	struct args *a = c;
	__u64 buf[8] = {i, 1, 2, 3, 4, 5, 6, 7};
	long r = bpf_ringbuf_output(&rb, buf, sizeof(buf), 0);

	if (r) {
		a->err = r;
		return 1;
	}
	a->emitted++;
	return 0;
}

SEC("syscall")
int fill(struct args *ctx)
{
	struct args a = {.count = ctx->count, .size = ctx->size};

	bpf_loop(a.count, emit, &a, 0);
	ctx->emitted = a.emitted;
	ctx->err = a.err;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
