/* execsnoop: the event execsnoop.bpf.c sends; Java reads it with the generated ExecsnoopBpf.ExecEvent (dev.ebee.cli.execsnoop.ExecEvent). */
#ifndef EBEE_EXECSNOOP_H
#define EBEE_EXECSNOOP_H

#define EXECSNOOP_TASK_COMM_LEN 16
#define EXECSNOOP_ARGSIZE 256            /* each argument, NUL included */
#define EXECSNOOP_MAX_ARGS 60            /* --max-args upper bound */
#define EXECSNOOP_DEFAULT_ARGS 20
#define EXECSNOOP_ARGS_BUF (EXECSNOOP_MAX_ARGS * EXECSNOOP_ARGSIZE)

/*
 * One exec. Emitted at syscall exit; the ring buffer record holds the header and the first
 * args_size bytes of args (args_count NUL-terminated strings: the filename, then argv[1..]).
 */
struct exec_event {
	__u32 pid;          /*  0: tgid */
	__u32 ppid;         /*  4: real parent's tgid */
	__u32 uid;          /*  8 */
	__s32 retval;       /* 12: the syscall's return value (0 or -errno) */
	__u32 args_count;   /* 16 */
	__u32 args_size;    /* 20: bytes used in args */
	__u8 truncated;     /* 24: more arguments than --max-args, or the buffer filled */
	__u8 execveat;      /* 25: 1 for execveat */
	__u8 pad[6];        /* 26 */
	__u64 cgroup_id;    /* 32: the cgroup v2 of the process */
	__u64 ktime_ns;     /* 40: bpf_ktime_get_ns() when the exec returned */
	char comm[EXECSNOOP_TASK_COMM_LEN]; /* 48: after the exec */
	char args[EXECSNOOP_ARGS_BUF];      /* 64 */
};

#define EXECSNOOP_HEADER_SIZE 64

#endif
