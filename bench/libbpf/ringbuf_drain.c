// libbpf side of the ring buffer drain benchmark: fills the ring with ringbuf_fill.bpf.o's
// syscall program, then times ring_buffer__consume() over the full ring. Prints libbpf_ns=X.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RING_BYTES (16 << 20)
#define RECORDS (RING_BYTES / (64 + 8))

struct args {
	unsigned int count;
	unsigned int size;
	unsigned int emitted;
	int err;
};

static volatile unsigned long sum;

static int on_event(void *ctx, void *data, size_t size)
{
	sum += *(unsigned long *)data + size;
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void fill(int prog_fd)
{
	struct args a = {.count = RECORDS, .size = 64};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &a, .ctx_size_in = sizeof(a));
	if (bpf_prog_test_run_opts(prog_fd, &opts) || a.emitted != RECORDS) {
		fprintf(stderr, "fill failed: emitted %u of %d, err %d\n", a.emitted, RECORDS, a.err);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int warmup = 30, rounds = argc > 2 ? atoi(argv[2]) : 200;
	struct bpf_object *obj = bpf_object__open_file(argc > 1 ? argv[1] : "ringbuf_fill.bpf.o", NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "cannot load the fill program\n");
		return 1;
	}
	int prog_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "fill"));
	int map_fd = bpf_object__find_map_fd_by_name(obj, "rb");
	struct ring_buffer *rb = ring_buffer__new(map_fd, on_event, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "ring_buffer__new failed\n");
		return 1;
	}
	long long total = 0;
	for (int i = 0; i < warmup + rounds; i++) {
		fill(prog_fd);
		long long t0 = now_ns();
		int n = ring_buffer__consume(rb);
		long long t1 = now_ns();
		if (n != RECORDS) {
			fprintf(stderr, "consumed %d of %d records\n", n, RECORDS);
			return 1;
		}
		if (i >= warmup)
			total += t1 - t0;
	}
	printf("libbpf_ns=%.2f\n", (double)total / rounds / RECORDS);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
