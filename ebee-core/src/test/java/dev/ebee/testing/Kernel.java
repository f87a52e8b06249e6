package dev.ebee.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Guards for tests that need the kernel. Outside CI a missing feature skips the test with the
 * reason; with {@code CI=true} it fails it, so that nothing the CI kernel has is skipped silently.
 * Features this kernel truly lacks (kprobes) are tested through their error, not skipped.
 */
public final class Kernel {
    private Kernel() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (fails in CI) unless {@code present}, saying which {@code feature} is missing. */
    public static void require(boolean present, String feature) {
        if (present) {
            return;
        }
        String why = "kernel test needs " + feature;
        if (ci()) {
            fail(why + ", which is missing, and CI=true forbids skipping");
        }
        Assumptions.abort(why);
    }

    /**
     * Skips, also under {@code CI=true}, when the probe finds the feature absent: the probe, not a
     * version number, decides, and the skip carries its reason. For what this kernel truly lacks.
     */
    public static void assumeProbe(dev.ebee.features.Features.Probe probe) {
        if (!probe.supported()) {
            Assumptions.abort("this kernel lacks " + probe.feature() + ": " + probe.detail());
        }
    }

    /** Where cgroup v2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified in the hybrid layout), from /proc/self/mounts. */
    public static java.util.Optional<Path> cgroup2Mount() {
        try (var lines = Files.lines(Path.of("/proc/self/mounts"))) {
            return lines.map(l -> l.split(" "))
                    .filter(f -> f.length > 2 && f[2].equals("cgroup2"))
                    .map(f -> Path.of(f[1].replace("\\040", " ")))
                    .findFirst();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"))
                || ProcessHandle.current().info().user().map("root"::equals).orElse(false);
    }

    /** Root and a kernel with BPF: every kernel test starts with this. */
    public static void requireBpf() {
        require(isRoot(), "root (BPF syscalls)");
        require(Files.exists(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
    }
}
