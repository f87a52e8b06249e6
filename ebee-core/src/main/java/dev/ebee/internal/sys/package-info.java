/**
 * The syscall layer, not exported: the one FFM downcall to {@code syscall()} and the C library
 * calls beside it ({@link dev.ebee.internal.sys.Native}), the {@code bpf(2)} commands and their
 * {@code bpf_attr} layouts ({@link dev.ebee.internal.sys.Bpf}), {@code perf_event_open}, owned file
 * descriptors ({@link dev.ebee.internal.sys.Fd}) and the reader lifecycle. Failures are thrown as
 * the public exceptions of {@code dev.ebee}; nothing here is API.
 */
package dev.ebee.internal.sys;
