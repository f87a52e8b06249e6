package dev.ebee.cli.common;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Unsigned;

import java.util.Optional;

/**
 * The fields of the JFR events about one process ({@code dev.ebee.Exec}, {@code dev.ebee.FileDelete}),
 * as {@link ProcessEventOutput} prints them: pid, ppid, uid, comm and the cgroup v2.
 */
public abstract class ProcessJfrEvent extends KernelJfrEvent {
    private static Optional<Cgroup2> cgroups; // found at the first event

    @Label("PID")
    @Description("The process (its thread group id)")
    public int pid;

    @Label("Parent PID")
    public int ppid;

    @Label("UID")
    @Unsigned
    public int uid;

    @Label("Command")
    @Description("The task's comm: the command name the kernel keeps, 15 bytes at most")
    public String comm;

    @Label("Cgroup ID")
    @Description("The id of the process's cgroup v2 (bpf_get_current_cgroup_id)")
    public long cgroupId;

    @Label("Cgroup")
    @Description("The cgroup v2's path below the cgroup2 mount, or null when it is gone")
    public String cgroup;

    /** Sets the process fields from {@code e}. */
    protected final void process(ProcessEvent e) {
        pid = e.pid();
        ppid = e.ppid();
        uid = e.uid();
        comm = e.comm();
        cgroupId = e.cgroupId();
        cgroup = cgroupPath(e.cgroupId());
    }

    private static synchronized String cgroupPath(long id) {
        if (cgroups == null) {
            cgroups = Cgroup2.find();
        }
        return cgroups.map(c -> c.path(id)).orElse(null);
    }
}
