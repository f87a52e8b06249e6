package dev.ebee.cli.tracepipe;

/**
 * The kernel side of tracepipe: loads tracepipe.bpf.o (its format string is in .rodata) and
 * attaches {@code printk_execve} to {@code tp/syscalls/sys_enter_execve}; closing detaches it.
 */
@FunctionalInterface
public interface TracepipeProbe {
    AutoCloseable attach();
}
