/* jvmclassload: the event jvmclassload.bpf.c sends; Java reads it as the generated JvmclassloadBpf.ClassEvent. */
#ifndef EBEE_JVMCLASSLOAD_H
#define EBEE_JVMCLASSLOAD_H

#define JVMCLASSLOAD_NAME_LEN 256

struct class_event {
	__u32 pid;                          /*  0: tgid of the JVM */
	__u32 tid;                          /*  4: the thread that loaded (or unloaded) the class */
	__u64 loader;                       /*  8: the class loader's id: HotSpot's ClassLoaderData address */
	__u8 loaded;                        /* 16: 1 for class__loaded, 0 for class__unloaded */
	__u8 shared;                        /* 17: the class came from the CDS archive */
	__u16 pad;                          /* 18 */
	__u32 name_len;                     /* 20: the name's length as HotSpot gives it (longer than name: cut) */
	char name[JVMCLASSLOAD_NAME_LEN];   /* 24: the class name, '/'-separated as HotSpot keeps it, NUL-terminated */
	__u64 ktime_ns;                     /* 280: bpf_ktime_get_ns() at the probe */
};

#endif
