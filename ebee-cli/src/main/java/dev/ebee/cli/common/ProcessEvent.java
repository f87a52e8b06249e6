package dev.ebee.cli.common;

/** An event about one process, with what bcc's process tables show of it ({@link ProcessEventOutput}). */
public interface ProcessEvent {
    int pid();

    int ppid();

    /** The user id, unsigned. */
    int uid();

    /** The command name (the task's comm). */
    String comm();

    /** The id of the process's cgroup v2 ({@code bpf_get_current_cgroup_id()}). */
    long cgroupId();
}
