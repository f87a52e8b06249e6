/*
 * usdt_libbpf OBJECT BINARY COOKIE PID: the reference side of UsdtLibbpfParityTest. Loads OBJECT
 * (src/test/bpf/usdt.c) with libbpf, attaches its on_args program to BINARY's ebee:ints probe with
 * libbpf's own USDT support and COOKIE, prints "attached", waits for a line on stdin (the test
 * fires the probe meanwhile), then prints what the program recorded for process PID, in the
 * words the test parses. Test-only code of ebee, built against Debian's libbpf-dev.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 12 /* BPF_USDT_MAX_ARG_CNT of usdt.bpf.h */

/* struct args_seen of src/test/bpf/usdt.c */
struct args_seen {
	long long args[MAX_ARGS];
	int rc[MAX_ARGS];
	int cnt;
	unsigned int hits;
	unsigned long long cookie;
};

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct args_seen seen;
	unsigned int pid;
	char line[64];
	int fd;

	if (argc != 5) {
		fprintf(stderr, "usage: usdt_libbpf OBJECT BINARY COOKIE PID\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || libbpf_get_error(obj)) {
		fprintf(stderr, "usdt_libbpf: cannot open %s\n", argv[1]);
		return 1;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "usdt_libbpf: cannot load %s\n", argv[1]);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "on_args");
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = strtoull(argv[3], NULL, 0));
	link = bpf_program__attach_usdt(prog, -1, argv[2], "ebee", "ints", &opts);
	if (!link || libbpf_get_error(link)) {
		fprintf(stderr, "usdt_libbpf: cannot attach to %s:ebee:ints: %s\n", argv[2], strerror(errno));
		return 1;
	}
	puts("attached");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	pid = strtoul(argv[4], NULL, 10);
	fd = bpf_object__find_map_fd_by_name(obj, "args");
	if (bpf_map_lookup_elem(fd, &pid, &seen)) {
		puts("nothing");
		return 0;
	}
	printf("hits %u cnt %d cookie %llu\n", seen.hits, seen.cnt, seen.cookie);
	for (int i = 0; i < MAX_ARGS; i++)
		printf("arg %d %lld %d\n", i, seen.args[i], seen.rc[i]);
	fflush(stdout);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
