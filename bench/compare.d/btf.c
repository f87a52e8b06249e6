// The libbpf side of bench/compare's item btf (BtfHarness.java is the ebee side): open the
// kernel's BTF and resolve one struct's members, as a tool does before its first CO-RE
// relocation. Built against Debian's libbpf-dev during the bench run.
//   btf ROUNDS    cold_ms (first parse + lookup in this process) bytes (heap in use after it,
//                 mallinfo2) warm_ms (median of ROUNDS) warm_min_ms and the member found, as a check
#include <bpf/btf.h>
#include <malloc.h>
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

// task_struct's member "pid": its bit offset, or -1. The lookup every tool's CO-RE does first.
static long lookup(struct btf *btf)
{
	int id = btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	if (id < 0)
		return -1;
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++)
		if (strcmp(btf__name_by_offset(btf, m->name_off), "pid") == 0)
			return btf_member_bit_offset(t, i);
	return -1;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 30;
	const char *path = "/sys/kernel/btf/vmlinux";
	struct mallinfo2 before = mallinfo2();
	long long t0 = now_ns();
	struct btf *btf = btf__parse(path, NULL);
	if (!btf) {
		fprintf(stderr, "btf__parse %s failed\n", path);
		return 1;
	}
	long off = lookup(btf);
	long long t1 = now_ns();
	struct mallinfo2 after = mallinfo2();
	btf__free(btf);
	double *warm = calloc(rounds, sizeof(double));
	for (int i = 0; i < rounds; i++) {
		long long s = now_ns();
		btf = btf__parse(path, NULL);
		lookup(btf);
		warm[i] = (now_ns() - s) / 1e6;
		btf__free(btf);
	}
	qsort(warm, rounds, sizeof(double), cmp_double);
	printf("cold_ms=%.2f bytes=%zu warm_ms=%.3f warm_min_ms=%.3f pid_bit_offset=%ld\n", (t1 - t0) / 1e6,
	       (after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd), warm[rounds / 2], warm[0], off);
	return 0;
}
