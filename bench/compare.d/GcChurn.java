import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * A GC-heavy workload for the jvmgc item of bench/compare: prints "ready", waits for a line on
 * stdin (the tracer is attached by then), allocates ALLOCATIONS short-lived 256-byte arrays into a
 * small ring (kept reachable so that escape analysis cannot remove them), and prints the
 * collections and the process CPU and wall time of that phase alone.
 */
public class GcChurn {
    private static final Object[] KEEP = new Object[4096];

    public static void main(String[] args) throws Exception {
        long allocations = Long.parseLong(args[0]);
        System.out.println("ready");
        System.out.flush();
        if (System.in.read() < 0) {
            return;
        }
        long gcs0 = collections();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        for (long i = 0; i < allocations; i++) {
            KEEP[(int) (i & (KEEP.length - 1))] = new byte[256];
        }
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        System.out.printf("gcs=%d cpu_ms=%.1f wall_ms=%.1f pid=%d%n",
                collections() - gcs0, cpu / 1e6, wall / 1e6, ProcessHandle.current().pid());
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += b.getCollectionCount();
        }
        return n;
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }
}
