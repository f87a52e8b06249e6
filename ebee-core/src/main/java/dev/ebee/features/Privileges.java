package dev.ebee.features;

import dev.ebee.KernelRefusedException;
import dev.ebee.Errno;
import dev.ebee.SyscallException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capabilities of this process (from {@code /proc/self/status}), and errno translation that
 * uses them: an EPERM seen by a process that already has every BPF capability is the kernel
 * refusing the operation to everyone, not a missing privilege.
 */
public final class Privileges {
    public static final int CAP_NET_ADMIN = 12, CAP_SYS_ADMIN = 21, CAP_PERFMON = 38, CAP_BPF = 39;

    private Privileges() {
    }

    /** The effective capability set, as a bit mask; 0 when it cannot be read. */
    public static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    public static boolean has(int capability) {
        return (effectiveCapabilities() & (1L << capability)) != 0;
    }

    /** Whether this process may do everything BPF offers: CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON. */
    public static boolean fullyPrivileged() {
        long caps = effectiveCapabilities();
        return (caps & (1L << CAP_SYS_ADMIN)) != 0
                || ((caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0);
    }

    /**
     * The exception for a failed {@code operation}: a {@link KernelRefusedException} when the
     * errno is EPERM/EACCES and this process is {@link #fullyPrivileged()}, else the usual typed
     * {@link SyscallException}. {@code what} names the thing refused (e.g. "fentry programs").
     */
    public static SyscallException explain(String operation, int errno, String what) {
        if ((errno == Errno.EPERM || errno == Errno.EACCES) && fullyPrivileged()) {
            return new KernelRefusedException(operation, errno, what);
        }
        return SyscallException.of(operation, errno);
    }
}
