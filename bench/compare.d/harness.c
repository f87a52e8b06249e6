// The libbpf side of bench/compare's items 3 (object load), 6 (XDP cost) and 2 (live ring buffer),
// the same work as Harness.java. Built against Debian's libbpf-dev during the bench run.
//   harness load OBJ ROUNDS [PROGS]  cold_ms (first open+load in this process) warm_ms (median);
//                                    PROGS: comma list of the programs to load (others' autoload off)
//   harness xdp OBJ REPEAT           xdp_stats_ns / xdp_verbose_ns per packet (pktmon.bpf.o)
//   harness live OBJ SECONDS RATE    live_offered_per_s live_consumed_per_s live_dropped_per_s
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static struct bpf_object *open_load(const char *path, void (*configure)(struct bpf_object *, void *), void *arg)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		fprintf(stderr, "bpf_object__open_file %s failed\n", path);
		exit(1);
	}
	if (configure)
		configure(obj, arg);
	if (bpf_object__load(obj)) {
		fprintf(stderr, "bpf_object__load %s failed\n", path);
		exit(1);
	}
	return obj;
}

/* autoload off for every program not in the comma list arg (as a tool choosing tp_btf over raw_tp) */
static void only(struct bpf_object *obj, void *arg)
{
	const char *list = arg;
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj) {
		const char *name = bpf_program__name(p), *at = list;
		size_t n = strlen(name);
		bool keep = false;
		while (!keep && (at = strstr(at, name)) != NULL) {
			keep = (at == list || at[-1] == ',') && (at[n] == ',' || at[n] == '\0');
			at += n;
		}
		bpf_program__set_autoload(p, keep);
	}
}

static int load(const char *path, int rounds, const char *progs)
{
	void (*configure)(struct bpf_object *, void *) = progs && *progs ? only : NULL;
	void *arg = (void *)progs;
	long long t0 = now_ns();
	struct bpf_object *obj = open_load(path, configure, arg);
	long long t1 = now_ns();
	bpf_object__close(obj);
	printf("cold_ms=%.2f\n", (t1 - t0) / 1e6);
	double *warm = calloc(rounds, sizeof(double));
	for (int i = 0; i < rounds; i++) {
		long long s = now_ns();
		obj = open_load(path, configure, arg);
		warm[i] = (now_ns() - s) / 1e6;
		bpf_object__close(obj);
	}
	qsort(warm, rounds, sizeof(double), cmp_double);
	printf("warm_ms=%.2f\n", warm[rounds / 2]);
	return 0;
}

static void set_verbose(struct bpf_object *obj, void *arg)
{
	struct bpf_map *m;
	bpf_object__for_each_map(m, obj) {
		if (strstr(bpf_map__name(m), ".rodata")) {
			size_t sz;
			char *v = (char *)bpf_map__initial_value(m, &sz);
			struct btf *btf = bpf_object__btf(obj);
			int id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
			const struct btf_type *t = btf__type_by_id(btf, id);
			const struct btf_var_secinfo *vs = btf_var_secinfos(t);
			for (int i = 0; i < btf_vlen(t); i++, vs++) {
				if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, vs->type)->name_off), "verbose"))
					v[vs->offset] = *(bool *)arg;
			}
		}
	}
}

static int noop(void *ctx, void *data, size_t size)
{
	return 0;
}

static int xdp(const char *path, int repeat)
{
	unsigned char pkt[64] = {0};
	pkt[12] = 0x08, pkt[14] = 0x45, pkt[17] = 50, pkt[22] = 64, pkt[23] = 17;
	pkt[26] = 198, pkt[27] = 18, pkt[29] = 1, pkt[30] = 198, pkt[31] = 18, pkt[33] = 2;
	pkt[34] = 0x30, pkt[35] = 0x39, pkt[37] = 0x35, pkt[39] = 30;
	for (int vi = 0; vi < 2; vi++) {
		bool verbose = vi;
		struct bpf_object *obj = open_load(path, set_verbose, &verbose);
		int fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "pktmon"));
		struct ring_buffer *rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), noop, NULL, NULL);
		int per = verbose ? (repeat < 10000 ? repeat : 10000) : repeat;
		int runs = verbose ? repeat / per : 1;
		if (runs < 5)
			runs = 5;
		double *ns = calloc(runs, sizeof(double));
		unsigned char out[64 + 4096];
		for (int i = 0; i < runs; i++) {
			LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
				    .data_out = out, .data_size_out = sizeof(out), .repeat = per);
			if (bpf_prog_test_run_opts(fd, &o)) {
				fprintf(stderr, "test run failed\n");
				return 1;
			}
			ns[i] = o.duration;
			ring_buffer__consume(rb);
		}
		qsort(ns, runs, sizeof(double), cmp_double);
		printf("xdp_%s_ns=%.1f\n", verbose ? "verbose" : "stats", ns[runs / 2]);
		ring_buffer__free(rb);
		bpf_object__close(obj);
	}
	return 0;
}

struct args {
	unsigned int count;
	unsigned int size;
	unsigned int emitted;
	int err;
};

static atomic_bool stop;
static atomic_long emitted, dropped;
static long long start;
static long rate;
static int fill_fd;

static void *producer(void *unused)
{
	const int batch = 4096;
	for (long batches = 0; !atomic_load(&stop); batches++) {
		long long due = start + (long long)((double)batches * batch * 1e9 / rate);
		long long wait = due - now_ns();
		if (wait > 0) {
			struct timespec ts = {wait / 1000000000LL, wait % 1000000000LL};
			nanosleep(&ts, NULL);
		}
		struct args a = {.count = batch, .size = 64};
		LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = &a, .ctx_size_in = sizeof(a));
		if (bpf_prog_test_run_opts(fill_fd, &o)) { /* a syscall program's context comes back in ctx_in */
			fprintf(stderr, "fill test run failed\n");
			exit(1);
		}
		atomic_fetch_add(&emitted, a.emitted);
		atomic_fetch_add(&dropped, batch - a.emitted);
	}
	return NULL;
}

static int live(const char *path, int seconds, long r)
{
	struct bpf_object *obj = open_load(path, NULL, NULL);
	fill_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "fill"));
	struct ring_buffer *rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "rb"), noop, NULL, NULL);
	rate = r;
	start = now_ns();
	long long end = start + seconds * 1000000000LL;
	pthread_t t;
	pthread_create(&t, NULL, producer, NULL);
	long consumed = 0;
	while (now_ns() < end) {
		int n = ring_buffer__poll(rb, 10);
		if (n > 0)
			consumed += n;
	}
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	int n = ring_buffer__consume(rb);
	if (n > 0)
		consumed += n;
	printf("live_offered_per_s=%ld live_consumed_per_s=%ld live_dropped_per_s=%ld\n",
	       (atomic_load(&emitted) + atomic_load(&dropped)) / seconds, consumed / seconds,
	       atomic_load(&dropped) / seconds);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(quiet);
	if (argc >= 4 && !strcmp(argv[1], "load"))
		return load(argv[2], atoi(argv[3]), argc >= 5 ? argv[4] : NULL);
	if (argc >= 4 && !strcmp(argv[1], "xdp"))
		return xdp(argv[2], atoi(argv[3]));
	if (argc >= 5 && !strcmp(argv[1], "live"))
		return live(argv[2], atoi(argv[3]), atol(argv[4]));
	fprintf(stderr, "usage: harness load|xdp|live OBJ ...\n");
	return 2;
}
