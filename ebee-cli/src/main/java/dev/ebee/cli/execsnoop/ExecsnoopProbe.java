package dev.ebee.cli.execsnoop;

import dev.ebee.cli.common.Cgroup2;
import dev.ebee.cli.common.EventStream;

/**
 * The kernel side of execsnoop: loads execsnoop.bpf.o with the filters set in its .rodata,
 * attaches its four tracepoint programs and streams {@code struct exec_event} records from the
 * {@code events} ring buffer ({@link ExecEvent#decode}).
 */
@FunctionalInterface
public interface ExecsnoopProbe {

    /**
     * The kernel-side filters: .rodata {@code targ_uid} ({@code -1} for all), {@code targ_ppid}
     * ({@code 0} for all), {@code ignore_failed} (not {@code includeFailed}), {@code targ_failed},
     * {@code max_args}, and the cgroup filter ({@code cgroup} null for all).
     */
    record Config(int uid, int ppid, boolean includeFailed, boolean failedOnly, int maxArgs, Cgroup2.Target cgroup) {
    }

    EventStream open(Config config);
}
