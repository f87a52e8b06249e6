/* rmdetect: the event rmdetect.bpf.c sends; Java reads it with the generated RmdetectBpf.RmEvent (dev.ebee.cli.rmdetect.RmEvent). */
#ifndef EBEE_RMDETECT_H
#define EBEE_RMDETECT_H

#define RM_TASK_COMM_LEN 16
#define RM_PATH_LEN 512     /* the path argument as passed, NUL included */
#define RM_NAME_LEN 256     /* one directory name while walking up */
#define RM_DIR_LEN 2048     /* the walked directory's names */
#define RM_MAX_DEPTH 64     /* directories walked up, mount crossings included */

enum rm_syscall { RM_UNLINK = 0, RM_UNLINKAT = 1, RM_RMDIR = 2 };

enum rm_dir_state {
	RM_DIR_NONE = 0,      /* the path is absolute: nothing to resolve */
	RM_DIR_OK = 1,        /* dir holds dir_count names, innermost first */
	RM_DIR_FAILED = 2,    /* the directory could not be read (bad dfd...) */
	RM_DIR_TRUNCATED = 3, /* deeper than RM_MAX_DEPTH or longer than RM_DIR_LEN: outer part missing */
};

/*
 * One deletion. The directory a relative path is relative to (the cwd, or the directory of
 * dfd) is resolved at syscall entry by walking its dentries up to the root, so that the path is
 * right even when the process exits at once. dir holds the names NUL-terminated, innermost
 * first: /home/u/src is "src\0u\0home\0" with dir_count 3.
 */
struct rm_event {
	__u32 pid;          /*  0: tgid */
	__u32 ppid;         /*  4 */
	__u32 uid;          /*  8 */
	__s32 ret;          /* 12: 0 or -errno */
	__s32 dfd;          /* 16: unlinkat's dfd, AT_FDCWD otherwise */
	__u32 flags;        /* 20: unlinkat's flags */
	__u8 syscall;       /* 24: enum rm_syscall */
	__u8 is_dir;        /* 25: a directory removal (rmdir or AT_REMOVEDIR) */
	__u8 dir_state;     /* 26: enum rm_dir_state */
	__u8 pad;           /* 27 */
	__u16 dir_count;    /* 28 */
	__u16 dir_size;     /* 30: bytes used in dir */
	__u64 cgroup_id;    /* 32: the cgroup v2 of the process */
	__u64 ktime_ns;     /* 40: bpf_ktime_get_ns() when the call returned */
	char comm[RM_TASK_COMM_LEN]; /* 48 */
	char path[RM_PATH_LEN];      /* 64 */
	char dir[RM_DIR_LEN];        /* 576 */
};

#endif
