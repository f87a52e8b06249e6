package dev.ebee.cli.common;

import picocli.CommandLine.Option;

/**
 * The leading columns of the table tools: {@code -T} (TIME), {@code -t} (TIME(s)), {@code -U} (UID),
 * {@code --containers} (CONTAINER and CGROUP, from the event's cgroup v2).
 */
public final class TableOptions {
    @Option(names = "-T", description = "add a TIME column (HH:MM:SS)")
    boolean time;

    @Option(names = "-t", description = "add a TIME(s) column (seconds since start)")
    boolean timestamp;

    @Option(names = "-U", description = "add a UID column")
    boolean uid;

    @Option(names = "--containers", description = "add CONTAINER (the short id of the container, if any) and CGROUP (the cgroup v2 path) columns")
    boolean containers;

    public TableOptions() {
    }

    public TableOptions(boolean time, boolean timestamp, boolean uid) {
        this(time, timestamp, uid, false);
    }

    public TableOptions(boolean time, boolean timestamp, boolean uid, boolean containers) {
        this.time = time;
        this.timestamp = timestamp;
        this.uid = uid;
        this.containers = containers;
    }

    /** These options for {@link FastArgs}. */
    public void fastArgs(FastArgs a) {
        a.flag(() -> time = true, "-T");
        a.flag(() -> timestamp = true, "-t");
        a.flag(() -> uid = true, "-U");
        a.flag(() -> containers = true, "--containers");
    }

    public boolean time() {
        return time;
    }

    public boolean timestamp() {
        return timestamp;
    }

    public boolean uid() {
        return uid;
    }

    public boolean containers() {
        return containers;
    }

    /** Fails with {@code usage} when {@code --containers} is asked for on a host without cgroup v2. */
    public void requireCgroup2ForContainers(java.util.function.Function<String, RuntimeException> usage) {
        if (containers && Cgroup2.find().isEmpty()) {
            throw usage.apply("--containers needs cgroup v2, and this host mounts only cgroup v1");
        }
    }
}
