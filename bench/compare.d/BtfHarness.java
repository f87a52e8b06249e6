import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfType;
import dev.ebee.btf.KernelBtf;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The ebee side of bench/compare's item btf; btf.c is the libbpf side. Opens the kernel's BTF and
 * resolves one struct's members, as a tool does before its first CO-RE relocation.
 *
 *   BtfHarness ROUNDS   cold_ms (first open + lookup in this JVM, from main) bytes (heap allocated
 *                       by it) warm_ms (median of ROUNDS, each after KernelBtf.flushCache())
 *                       warm_min_ms (the fastest: a shared machine slows the median) warm_bytes (heap
 *                       allocated per warm round) and the member found, as a check
 */
public final class BtfHarness {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long a0 = threads.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        long off = lookup();
        long t1 = System.nanoTime();
        long bytes = threads.getThreadAllocatedBytes(tid) - a0;
        double[] warm = new double[rounds];
        long warmBytes = 0;
        for (int i = 0; i < rounds; i++) {
            KernelBtf.flushCache();
            long b = threads.getThreadAllocatedBytes(tid);
            long s = System.nanoTime();
            lookup();
            warm[i] = (System.nanoTime() - s) / 1e6;
            warmBytes = threads.getThreadAllocatedBytes(tid) - b;
        }
        Arrays.sort(warm);
        System.out.printf("cold_ms=%.2f bytes=%d warm_ms=%.3f warm_min_ms=%.3f warm_bytes=%d pid_bit_offset=%d%n",
                (t1 - t0) / 1e6, bytes, warm[rounds / 2], warm[0], warmBytes, off);
    }

    /** task_struct's member "pid": its bit offset, or -1. */
    private static long lookup() {
        Btf btf = KernelBtf.vmlinux();
        int id = btf.requireType("task_struct", BtfType.KIND_STRUCT);
        for (BtfType.Member m : ((BtfType.Struct) btf.type(id)).members()) {
            if (m.name().equals("pid")) {
                return m.bitOffset();
            }
        }
        return -1;
    }
}
