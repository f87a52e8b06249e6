package dev.ebee.cli.common;

import picocli.CommandLine.Option;

import java.util.function.Function;

/**
 * {@code -c, --cgroup PATH}: only processes in that cgroup v2 or below it, filtered in the kernel
 * (libbpf-tools' {@code -c}); the BPF side is {@code cgroup_filter.h}.
 */
public final class CgroupOption {
    @Option(names = {"-c", "--cgroup"}, paramLabel = "PATH",
            description = "only processes in this cgroup v2 (a directory of the cgroup2 mount, or its path as /proc/PID/cgroup shows it) or below it")
    String path;

    /** This option for {@link FastArgs}. */
    public void fastArgs(FastArgs a) {
        a.string(v -> !v.isEmpty() && !v.contains("\0"), v -> path = v, "-c", "--cgroup");
    }

    /**
     * The cgroup to filter on, or null when the option is absent.
     *
     * @param usage makes the exception for a bad value (a usage error)
     */
    public Cgroup2.Target target(Function<String, RuntimeException> usage) {
        if (path == null) {
            return null;
        }
        Cgroup2 cgroups = Cgroup2.find().orElseThrow(() ->
                usage.apply("invalid value for --cgroup: '" + path + "' (this host has no cgroup v2 hierarchy mounted; -c needs cgroup v2)"));
        try {
            return cgroups.target(path);
        } catch (IllegalArgumentException e) {
            throw usage.apply("invalid value for --cgroup: '" + path + "' (" + e.getMessage() + ")");
        }
    }
}
