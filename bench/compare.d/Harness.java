import dev.ebee.BpfMap;
import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.ObjectFile;
import dev.ebee.Program;
import dev.ebee.ringbuf.RingBufReader;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ebee side of bench/compare's items 3 (object load), 6 (XDP cost) and 2 (live ring buffer);
 * harness.c is the libbpf side of the same three. Prints key=value lines.
 *
 *   Harness load OBJ ROUNDS [PROGS]  cold_ms (first load in this JVM, from main) and its phases, warm_ms
 *                                (median); PROGS: a comma list of the programs to load (the others'
 *                                autoload off, as a tool that picks tp_btf over raw_tp does), default all
 *   Harness xdp OBJ REPEAT       xdp_stats_ns / xdp_verbose_ns per packet (pktmon.bpf.o)
 *   Harness live OBJ SECONDS RATE   live_consumed_per_s / live_dropped_per_s (ringbuf_fill.bpf.o): a
 *                                producer thread offers RATE 64-byte records/s in batches of 4096
 *                                (bpf_loop in one PROG_TEST_RUN; a batch stops at the first full-ring
 *                                failure and its rest counts as dropped) while the main thread polls
 */
public final class Harness {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(Path.of(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "");
            case "xdp" -> xdp(Path.of(args[1]), Integer.parseInt(args[2]));
            case "live" -> live(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static double ms(long ns) {
        return ns / 1e6;
    }

    /** The object's spec with autoload off for every program not in {@code only} (empty: all load). */
    static CollectionSpec open(Path obj, String only) {
        CollectionSpec spec = ObjectFile.open(obj);
        if (!only.isEmpty()) {
            java.util.Set<String> keep = java.util.Set.of(only.split(","));
            for (String p : spec.programs().keySet()) {
                spec.setAutoload(p, keep.contains(p));
            }
        }
        return spec;
    }

    static void load(Path obj, int rounds, String only) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        CollectionSpec spec = open(obj, only);
        long t1 = System.nanoTime();
        try (Collection c = spec.load()) {
            long t2 = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            System.out.printf("cold_ms=%.2f cold_open_ms=%.2f cold_load_ms=%.2f cold_cpu_ms=%.2f programs=%s%n",
                    ms(t2 - t0), ms(t1 - t0), ms(t2 - t1), ms(cpu), String.join(",", c.programs().keySet()));
        }
        if (rounds == 0) {
            return;
        }
        double[] warm = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            try (Collection c = open(obj, only).load()) {
                warm[i] = ms(System.nanoTime() - s);
            }
        }
        Arrays.sort(warm);
        System.out.printf("warm_ms=%.2f%n", warm[rounds / 2]);
    }

    /** A 64-byte UDP/IPv4 frame. */
    static byte[] packet() {
        byte[] p = new byte[64];
        p[12] = 0x08; // ethertype IPv4
        p[14] = 0x45;
        p[16] = 0;
        p[17] = 50; // total length
        p[22] = 64; // ttl
        p[23] = 17; // UDP
        p[26] = (byte) 198; p[27] = 18; p[28] = 0; p[29] = 1;
        p[30] = (byte) 198; p[31] = 18; p[32] = 0; p[33] = 2;
        p[34] = 0x30; p[35] = 0x39; p[36] = 0x00; p[37] = 0x35; // ports 12345 -> 53
        p[38] = 0; p[39] = 30;
        return p;
    }

    static void xdp(Path obj, int repeat) {
        byte[] pkt = packet();
        for (boolean verbose : new boolean[] {false, true}) {
            CollectionSpec spec = ObjectFile.open(obj);
            spec.setConstant("verbose", verbose);
            try (Collection c = spec.load();
                 RingBufReader rb = RingBufReader.open(c.map("events"))) {
                Program p = c.program("pktmon");
                // verbose: one 56-byte record per packet in a 1 MiB ring: runs of 10,000 packets, drained between runs
                int per = verbose ? Math.min(repeat, 10_000) : repeat;
                int runs = verbose ? Math.max(1, repeat / per) : 1;
                double[] ns = new double[Math.max(runs, 5)];
                for (int i = 0; i < ns.length; i++) {
                    ns[i] = p.testRun(pkt, null, per).durationNs();
                    rb.consume((seg, off, len) -> { });
                }
                Arrays.sort(ns);
                System.out.printf("xdp_%s_ns=%.1f%n", verbose ? "verbose" : "stats", ns[ns.length / 2]);
            }
        }
    }

    static void live(Path obj, int seconds, long rate) throws Exception {
        try (Collection c = ObjectFile.open(obj).load();
             RingBufReader rb = RingBufReader.open(c.map("rb"));
             Arena arena = Arena.ofShared()) {
            Program fill = c.program("fill");
            int batch = 4096;
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong emitted = new AtomicLong(), dropped = new AtomicLong();
            MemorySegment ctx = arena.allocate(16, 8);
            MemorySegment attr = arena.allocate(dev.ebee.internal.sys.Bpf.ATTR_SIZE, 8);
            long start = System.nanoTime();
            Thread producer = new Thread(() -> {
                long batches = 0;
                while (!stop.get()) {
                    long due = start + (long) (batches++ * batch * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    ctx.set(ValueLayout.JAVA_INT, 0, batch);
                    ctx.set(ValueLayout.JAVA_INT, 4, 64);
                    ctx.set(ValueLayout.JAVA_INT, 8, 0);
                    ctx.set(ValueLayout.JAVA_INT, 12, 0);
                    fill.testRun(ctx, attr);
                    int n = ctx.get(ValueLayout.JAVA_INT, 8);
                    emitted.addAndGet(n);
                    dropped.addAndGet(batch - n);
                }
            });
            long[] consumed = {0};
            long end = start + seconds * 1_000_000_000L;
            producer.start();
            while (System.nanoTime() < end) {
                consumed[0] += rb.poll(java.time.Duration.ofMillis(10), (seg, off, len) -> { });
            }
            stop.set(true);
            producer.join();
            consumed[0] += rb.consume((seg, off, len) -> { });
            System.out.printf("live_offered_per_s=%d live_consumed_per_s=%d live_dropped_per_s=%d%n",
                    (emitted.get() + dropped.get()) / seconds, consumed[0] / seconds, dropped.get() / seconds);
        }
    }
}
