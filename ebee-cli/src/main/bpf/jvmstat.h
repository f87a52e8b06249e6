/* jvmstat: what jvmstat.bpf.c counts per JVM; Java reads it as the generated JvmstatBpf.JvmCounts. */
#ifndef EBEE_JVMSTAT_H
#define EBEE_JVMSTAT_H

/* Totals since the tool attached, per JVM (tgid); Java prints the difference every interval. */
struct jvm_counts {
	__u64 gcs;                /*  0: gc__end after a gc__begin */
	__u64 gc_ns;              /*  8: gc__begin to gc__end, summed */
	__u64 threads_started;    /* 16: thread__start */
	__u64 threads_stopped;    /* 24: thread__stop */
	__u64 classes_loaded;     /* 32: class__loaded */
	__u64 classes_unloaded;   /* 40: class__unloaded */
	__u64 methods_compiled;   /* 48: method__compile__end that succeeded */
	__u64 compiles_failed;    /* 56: method__compile__end that did not */
	__u64 compile_ns;         /* 64: method__compile__begin to __end, summed */
};

#endif
