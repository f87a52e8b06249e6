/* bashreadline: the event shared by bashreadline.bpf.c and dev.ebee.cli.bashreadline.ReadlineEvent. */
#ifndef EBEE_BASHREADLINE_H
#define EBEE_BASHREADLINE_H

#define READLINE_TASK_COMM_LEN 16
#define READLINE_MAX_LINE 256

struct readline_event {
	__u32 pid;                           /*  0: tgid */
	__u32 uid;                           /*  4 */
	char comm[READLINE_TASK_COMM_LEN];   /*  8 */
	char line[READLINE_MAX_LINE];        /* 24: NUL-terminated, cut at 255 bytes */
};

#endif
