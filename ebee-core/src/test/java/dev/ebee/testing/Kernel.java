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
