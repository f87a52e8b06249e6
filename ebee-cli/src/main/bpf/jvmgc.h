/* jvmgc: the event jvmgc.bpf.c sends; Java reads it as the generated JvmgcBpf.GcEvent. */
#ifndef EBEE_JVMGC_H
#define EBEE_JVMGC_H

#define JVMGC_TASK_COMM_LEN 16

struct gc_event {
	__u32 pid;                          /*  0: tgid of the JVM */
	__u32 tid;                          /*  4: the thread that ran the collection */
	__u64 duration_ns;                  /*  8: gc__begin to gc__end on that thread */
	__u32 full;                         /* 16: gc__begin's argument: a full collection */
	__u32 pad;                          /* 20 */
	char comm[JVMGC_TASK_COMM_LEN];     /* 24 */
	__u64 start_ns;                     /* 40: bpf_ktime_get_ns() at gc__begin */
};

#endif
