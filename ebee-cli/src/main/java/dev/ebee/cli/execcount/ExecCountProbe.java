package dev.ebee.cli.execcount;

/**
 * The kernel side of execcount: loads execcount.bpf.o, attaches {@code tp/syscalls/sys_enter_execve}
 * and reads the array map {@code counts} at index 0.
 */
@FunctionalInterface
public interface ExecCountProbe {

    /** An attached counter. */
    interface Counter extends AutoCloseable {
        /** execve() calls since attached. */
        long count();

        @Override
        void close();
    }

    Counter open();
}
