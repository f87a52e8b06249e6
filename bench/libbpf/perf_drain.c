// libbpf side of the perf drain benchmark: fills CPU 0's 16 MiB perf ring with perf_fill.bpf.o,
// then times perf_buffer__consume(). Prints libbpf_ns=X (per sample).
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PAGES 4096
#define SAMPLES (PAGES * 4096 / 80)

static volatile unsigned long sum;
static long seen;

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	sum += *(unsigned long *)data + size;
	seen++;
}

static void on_lost(void *ctx, int cpu, __u64 lost)
{
	fprintf(stderr, "lost %llu samples on CPU %d\n", (unsigned long long)lost, cpu);
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void fill(int prog_fd)
{
	__u64 args[1] = {SAMPLES};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args, .ctx_size_in = sizeof(args),
		    .flags = BPF_F_TEST_RUN_ON_CPU, .cpu = 0);
	if (bpf_prog_test_run_opts(prog_fd, &opts) || opts.retval != SAMPLES) {
		fprintf(stderr, "fill failed: %u of %d samples\n", opts.retval, SAMPLES);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int warmup = 10, rounds = argc > 2 ? atoi(argv[2]) : 50;
	struct bpf_object *obj = bpf_object__open_file(argc > 1 ? argv[1] : "perf_fill.bpf.o", NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "cannot load the fill program\n");
		return 1;
	}
	int prog_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "fill"));
	int map_fd = bpf_object__find_map_fd_by_name(obj, "events");
	struct perf_buffer *pb = perf_buffer__new(map_fd, PAGES, on_sample, on_lost, NULL, NULL);
	if (!pb) {
		fprintf(stderr, "perf_buffer__new failed\n");
		return 1;
	}
	long long total = 0;
	for (int i = 0; i < warmup + rounds; i++) {
		fill(prog_fd);
		seen = 0;
		long long t0 = now_ns();
		int err = perf_buffer__consume(pb);
		long long t1 = now_ns();
		if (err || seen != SAMPLES) {
			fprintf(stderr, "consumed %ld of %d samples (err %d)\n", seen, SAMPLES, err);
			return 1;
		}
		if (i >= warmup)
			total += t1 - t0;
	}
	printf("libbpf_ns=%.2f\n", (double)total / rounds / SAMPLES);
	perf_buffer__free(pb);
	bpf_object__close(obj);
	return 0;
}
