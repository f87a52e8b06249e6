/* jvmthreads: the event jvmthreads.bpf.c sends; Java reads it as the generated JvmthreadsBpf.ThreadEvent. */
#ifndef EBEE_JVMTHREADS_H
#define EBEE_JVMTHREADS_H

#define JVMTHREADS_NAME_LEN 128

struct thread_event {
	__u32 pid;                          /*  0: tgid of the JVM */
	__u32 tid;                          /*  4: the thread's native id (the probe's 4th argument) */
	__u64 java_id;                      /*  8: its java.lang.Thread id (threadId()) */
	__u8 start;                         /* 16: 1 for thread__start, 0 for thread__stop */
	__u8 daemon;                        /* 17: the probe's is_daemon */
	__u16 pad;                          /* 18 */
	__u32 name_len;                     /* 20: the name's length as HotSpot gives it (longer than name: cut) */
	char name[JVMTHREADS_NAME_LEN];     /* 24: the Java thread name, NUL-terminated */
	__u64 ktime_ns;                     /* 152: bpf_ktime_get_ns() at the probe */
};

#endif
