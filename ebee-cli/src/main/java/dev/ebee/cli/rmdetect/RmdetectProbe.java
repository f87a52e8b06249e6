package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.Cgroup2;
import dev.ebee.cli.common.EventStream;

/**
 * The kernel side of rmdetect: loads rmdetect.bpf.o with .rodata {@code targ_pid} and
 * {@code targ_failed} and the cgroup filter set, attaches its six tracepoint programs (sys_enter/sys_exit of unlink,
 * unlinkat, rmdir) and streams {@code struct rm_event} records ({@link RmEvent#decode}) from the
 * {@code events} ring buffer.
 */
@FunctionalInterface
public interface RmdetectProbe {

    /**
     * @param pid    only this process (0: all)
     * @param cgroup only processes in this cgroup or below it (null: all)
     */
    record Config(int pid, boolean failedOnly, Cgroup2.Target cgroup) {
    }

    EventStream open(Config config);
}
