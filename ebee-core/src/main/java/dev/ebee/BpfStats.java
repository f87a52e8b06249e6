package dev.ebee;

import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The kernel's run statistics of BPF programs (BPF_ENABLE_STATS, Linux 5.8+): while one of these is
 * open, every program's run count and run time ({@link Program.Info#runCount()},
 * {@link Program.Info#runTimeNs()}) are counted, as {@code kernel.bpf_stats_enabled=1} does, and
 * closing it (or the process ending) stops that unless another holder keeps them on. Counting
 * costs a little on every program run, which is why the kernel leaves it off.
 */
public final class BpfStats implements AutoCloseable {
    private static final int STATS_RUN_TIME = 0; // enum bpf_stats_type: BPF_STATS_RUN_TIME

    private final Fd fd;

    private BpfStats(Fd fd) {
        this.fd = fd;
    }

    /**
     * Turns run statistics on for as long as the result is open.
     *
     * @throws PermissionException without CAP_SYS_ADMIN, which the kernel asks for this
     */
    public static BpfStats enable() {
        MemorySegment a = Bpf.attr();
        a.set(JAVA_INT, 0, STATS_RUN_TIME);
        long r = Bpf.raw(Bpf.ENABLE_STATS, a);
        if (r == -Errno.EPERM || r == -Errno.EACCES) {
            throw new PermissionException("BPF_ENABLE_STATS", (int) -r,
                    "the kernel asks CAP_SYS_ADMIN to turn on BPF run statistics (or set kernel.bpf_stats_enabled=1)", null);
        }
        if (r < 0) {
            throw SyscallException.of("BPF_ENABLE_STATS", (int) -r);
        }
        return new BpfStats(Fd.own((int) r, "BPF run statistics"));
    }

    @Override
    public void close() {
        fd.close();
    }
}
