package dev.ebee.btf;

import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;
import dev.ebee.KernelObject;
import dev.ebee.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * BTF loaded into the kernel (BPF_BTF_LOAD): owns the BTF file descriptor that programs and maps
 * refer to. When the kernel refuses the BTF, the load is retried with a log buffer and the
 * exception carries the kernel's log.
 */
public final class BtfHandle extends KernelObject {
    private static final int ENOSPC = 28;
    private static final int MAX_LOG = 16 << 20;
    private BtfHandle(Fd fd) {
        super(fd);
    }

    /** Encodes and loads {@code btf}. */
    public static BtfHandle load(Btf btf) {
        return load(btf.source(), btf.toBytes());
    }

    /** Loads raw BTF; {@code source} names it in errors. */
    public static BtfHandle load(String source, byte[] raw) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(Math.max(1, raw.length), 8);
            MemorySegment.copy(raw, 0, seg, ValueLayout.JAVA_BYTE, 0, raw.length);
            MemorySegment data = seg.asSlice(0, raw.length);
            long r = Bpf.btfLoadRaw(data, null, 0);
            if (r >= 0) {
                return new BtfHandle(Fd.own((int) r, "BTF " + source));
            }
            int errno = (int) -r;
            String log = "";
            for (int size = 1 << 20; size <= MAX_LOG; size <<= 2) {
                MemorySegment logBuf = arena.allocate(size);
                long r2 = Bpf.btfLoadRaw(data, logBuf, 1);
                if (r2 >= 0) {
                    // accepted with a log: keep it (the first failure was transient)
                    return new BtfHandle(Fd.own((int) r2, "BTF " + source));
                }
                log = logBuf.getString(0, StandardCharsets.UTF_8).strip();
                if ((int) -r2 != ENOSPC) {
                    errno = (int) -r2;
                    break;
                }
            }
            throw SyscallException.of("BPF_BTF_LOAD", errno,
                    "the kernel refused the BTF of " + source + (log.isEmpty() ? "" : "; kernel log:\n" + lastLines(log, 40)));
        }
    }

    private static String lastLines(String log, int n) {
        String[] lines = log.split("\n");
        if (lines.length <= n) {
            return log;
        }
        StringBuilder sb = new StringBuilder("... (" + (lines.length - n) + " lines omitted)\n");
        for (int i = lines.length - n; i < lines.length; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString().strip();
    }

    @Override
    public String toString() {
        return "BtfHandle(" + fdState() + ")";
    }
}
