/**
 * The kernel's pseudo filesystems: {@link dev.ebee.fs.TraceFs} (found at /sys/kernel/tracing or
 * /sys/kernel/debug/tracing, mounted at /sys/kernel/tracing when absent, tracepoint ids) and
 * {@link dev.ebee.fs.BpfFs} (found or mounted at /sys/fs/bpf; pin, open, unpin), over
 * {@link dev.ebee.fs.Mounts}, the process's mount table. Mounting is logged on the
 * {@code dev.ebee.fs} System.Logger and reported by {@link dev.ebee.fs.Located#mountedNow()}.
 */
package dev.ebee.fs;
