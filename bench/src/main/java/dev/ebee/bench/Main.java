package dev.ebee.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Locale;

/**
 * Runs one of ebee's benchmarks and prints its figures on one line.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ringbuf [--quick]     (or: perf)
 * ringbuf_drain ebee_ns=4.47 alloc_bytes_per_event=0.0290 reader_alloc_bytes_per_event=0.0000
 * </pre>
 *
 * With {@code -Debee.libbpf_ns=X} (the libbpf harness's figure, which {@code bench/run} measures
 * first) the line also carries {@code libbpf_ns} and the ratio ebee/libbpf.
 * Anything else is passed to JMH's own command line ({@code -h} for its help).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("perf")) {
            perf(args.length > 1 && args[1].equals("--quick"));
            return;
        }
        if (args.length >= 1 && args[0].equals("ringbuf")) {
            boolean quick = args.length > 1 && args[1].equals("--quick");
            ringbuf(quick);
            return;
        }
        org.openjdk.jmh.Main.main(args);
    }

    private static void ringbuf(boolean quick) throws RunnerException {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(RingBufDrainBench.class.getName() + ".drain")
                .include(PlainLoopBench.class.getName() + ".plainLoop")
                .addProfiler(GCProfiler.class)
                .forks(1)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED");
        if (quick) {
            opts.warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        double readerAlloc = readerAllocationPerEvent();
        String libbpf = System.getProperty("ebee.libbpf_ns");
        RunResult plain = null;
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("plainLoop")) {
                plain = r;
            }
        }
        for (RunResult r : results) {
            if (r == plain) {
                continue;
            }
            double ns = r.getPrimaryResult().getScore();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "ringbuf_drain ebee_ns=%.2f alloc_bytes_per_event=%s reader_alloc_bytes_per_event=%.4f", ns,
                    alloc == null ? "n/a" : String.format(Locale.ROOT, "%.4f", alloc.getScore()), readerAlloc));
            if (plain != null) {
                line.append(String.format(Locale.ROOT, " plain_ffm_loop_ns=%.2f", plain.getPrimaryResult().getScore()));
            }
            if (libbpf != null && !libbpf.isBlank()) {
                double l = Double.parseDouble(libbpf);
                line.append(String.format(Locale.ROOT, " libbpf_ns=%.2f ratio=%.2f", l, ns / l));
            }
            System.out.println(line);
        }
    }

    private static void perf(boolean quick) throws RunnerException {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(PerfDrainBench.class.getName() + ".drain")
                .addProfiler(GCProfiler.class)
                .forks(1)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED");
        if (quick) {
            opts.warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        double readerAlloc = perfReaderAllocationPerEvent();
        String libbpf = System.getProperty("ebee.libbpf_ns");
        for (RunResult r : results) {
            double ns = r.getPrimaryResult().getScore();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "perf_drain ebee_ns=%.2f alloc_bytes_per_event=%s reader_alloc_bytes_per_event=%.4f", ns,
                    alloc == null ? "n/a" : String.format(Locale.ROOT, "%.4f", alloc.getScore()), readerAlloc));
            if (libbpf != null && !libbpf.isBlank()) {
                double l = Double.parseDouble(libbpf);
                line.append(String.format(Locale.ROOT, " libbpf_ns=%.2f ratio=%.2f", l, ns / l));
            }
            System.out.println(line);
        }
    }

    /**
     * Bytes the reader itself allocates per event: the thread's allocation counter around the
     * drain alone, after warm-up. (JMH's gc.alloc.rate.norm also counts its own per-invocation
     * bookkeeping and the fill between drains.)
     */
    private static double drainAllocationPerEvent(Runnable fill, Runnable drain, int eventsPerDrain) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        for (int i = 0; i < 100; i++) { // warm up: the JIT compiles the drain loop
            fill.run();
            drain.run();
        }
        long bytes = 0;
        int rounds = 30;
        for (int i = 0; i < rounds; i++) {
            fill.run();
            long before = mx.getThreadAllocatedBytes(tid);
            drain.run();
            bytes += mx.getThreadAllocatedBytes(tid) - before;
        }
        return (double) bytes / rounds / eventsPerDrain;
    }

    private static double readerAllocationPerEvent() {
        RingBufDrainBench b = new RingBufDrainBench();
        b.open();
        try {
            return drainAllocationPerEvent(b::fillRing, b::drain, RingBufDrainBench.RECORDS);
        } finally {
            b.close();
        }
    }

    private static double perfReaderAllocationPerEvent() {
        PerfDrainBench b = new PerfDrainBench();
        b.open();
        try {
            return drainAllocationPerEvent(b::fillRing, b::drain, PerfDrainBench.SAMPLES);
        } finally {
            b.close();
        }
    }
}
