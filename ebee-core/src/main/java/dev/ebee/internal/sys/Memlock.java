package dev.ebee.internal.sys;

import dev.ebee.SyscallException;

/**
 * Kernels before 5.11 charge BPF maps and programs to RLIMIT_MEMLOCK; later ones to the memory
 * cgroup. On the older kernels ebee raises the limit once, before its first map or program, as
 * libbpf does; on newer ones it leaves the limit alone.
 */
public final class Memlock {
    private Memlock() {
    }

    private static final long RLIM_INFINITY = -1L;

    private static final class Once {
        static final boolean RAISED = raise();
    }

    /** Raises RLIMIT_MEMLOCK when the running kernel still charges BPF memory to it. Idempotent. */
    public static boolean ensure() {
        return Once.RAISED;
    }

    /** Whether a kernel of this version charges BPF memory to RLIMIT_MEMLOCK. */
    public static boolean charged(int kernelVersionCode) {
        return kernelVersionCode < KernelVersion.of(5, 11, 0);
    }

    private static boolean raise() {
        if (!charged(KernelVersion.code())) {
            return false;
        }
        long[] cur = Native.getrlimit(Native.RLIMIT_MEMLOCK);
        if (cur[0] == RLIM_INFINITY) {
            return false;
        }
        try {
            Native.setrlimit(Native.RLIMIT_MEMLOCK, RLIM_INFINITY, RLIM_INFINITY);
            return true;
        } catch (SyscallException e) {
            return false; // the map creation that follows says ENOMEM/EPERM with its own hint
        }
    }
}
