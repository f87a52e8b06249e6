// Exec storm load generator: performs N execs at RATE per second (posix_spawn, children reaped by
// the kernel) of itself without arguments, which exits at once (build it static so that an exec is
// cheap: bench/compare names it ebeestorm). Prints storm_n=N storm_failed=F storm_rate=R storm_seconds=S
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern char **environ;

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc == 1)
		return 0; /* the exec'd child */
	if (argc < 4) {
		fprintf(stderr, "usage: ebeestorm SELF N RATE\n");
		return 2;
	}
	char *prog = argv[1];
	long n = atol(argv[2]), rate = atol(argv[3]);
	signal(SIGCHLD, SIG_IGN);
	char *args[] = {prog, NULL};
	long long start = now_ns();
	long failed = 0;
	for (long i = 0; i < n; i++) {
		long long due = start + (long long)((double)i * 1e9 / rate);
		long long wait = due - now_ns();
		if (wait > 0) {
			struct timespec ts = {wait / 1000000000LL, wait % 1000000000LL};
			nanosleep(&ts, NULL);
		}
		pid_t pid;
		if (posix_spawn(&pid, prog, NULL, NULL, args, environ))
			failed++;
	}
	double s = (now_ns() - start) / 1e9;
	printf("storm_n=%ld storm_failed=%ld storm_rate=%.0f storm_seconds=%.2f\n", n, failed, n / s, s);
	return 0;
}
