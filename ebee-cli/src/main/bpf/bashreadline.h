/* bashreadline: the event bashreadline.bpf.c sends; Java reads it as the generated BashreadlineBpf.ReadlineEvent. */
#ifndef EBEE_BASHREADLINE_H
#define EBEE_BASHREADLINE_H

#define READLINE_TASK_COMM_LEN 16
#define READLINE_MAX_LINE 256

struct readline_event {
	__u32 pid;                           /*  0: tgid */
	__u32 uid;                           /*  4 */
	__u64 ktime_ns;                      /*  8: bpf_ktime_get_ns() when readline returned */
	char comm[READLINE_TASK_COMM_LEN];   /* 16 */
	char line[READLINE_MAX_LINE];        /* 32: NUL-terminated, cut at 255 bytes */
};

#endif
