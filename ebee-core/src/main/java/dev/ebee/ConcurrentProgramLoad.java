package dev.ebee;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Loads a list of prepared programs (BPF_PROG_LOAD: the kernel's verifier, most of a load's time)
 * on a few threads at once, with the result a sequential load gives: programs in the list's order,
 * and when loads fail, the error of the first failing one in that order, with every program that
 * did load closed. Loads are independent: instructions, map fds and attach targets are resolved
 * before, and prog arrays and struct_ops values are filled after (programs of one object do not
 * refer to each other's fds while loading).
 *
 * <p>Threads: most objects' programs verify in well under a millisecond each (libbpf-tools',
 * ebee's tools: 0.1-0.4 ms), less than starting a thread and getting it scheduled costs, so the
 * calling thread loads them in order and starts helpers only once a load has taken
 * {@value #SLOW_LOAD_NANOS} ns or more (a big program: the rest likely are too). Helpers number one
 * less than the CPUs this process may use (the verifier runs in the loading thread), at most
 * {@value #MAX_THREADS} in all. {@code -Debee.loadThreads=N} forces N loading threads from the
 * start (1: strictly sequential, for debugging).
 */
final class ConcurrentProgramLoad {
    /** Upper bound on the loading threads, whatever the CPU count: the kernel serialises parts of the load. */
    private static final int MAX_THREADS = 8;
    /** A load this slow starts the helpers: well above a thread start plus a scheduling delay on a busy machine. */
    private static final long SLOW_LOAD_NANOS = 10_000_000;

    private ConcurrentProgramLoad() {
    }

    /**
     * Runs each load and returns their programs in order; when some throw, closes the loaded ones and
     * throws what the first failing load (in the list's order) threw. A load later in the list than a
     * known failure does not start.
     */
    static List<Program> loadAll(List<Supplier<Program>> loads) {
        int n = loads.size();
        Program[] loaded = new Program[n];
        Throwable[] failed = new Throwable[n];
        // the lowest index that failed so far: loads are taken in index order, so every load before it has started
        AtomicInteger firstFailure = new AtomicInteger(n);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n && i < firstFailure.get(); ) {
                load(loads, i, loaded, failed, firstFailure);
            }
        };
        String forced = System.getProperty("ebee.loadThreads");
        int threads = Math.min(n, threads(forced));
        List<Thread> helpers = new ArrayList<>();
        try {
            if (forced != null && !forced.isBlank()) {
                startHelpers(helpers, threads - 1, worker);
                worker.run();
            } else {
                // the calling thread loads in order; a slow load brings in the helpers for the rest
                for (int i; (i = next.getAndIncrement()) < n && i < firstFailure.get(); ) {
                    long start = System.nanoTime();
                    load(loads, i, loaded, failed, firstFailure);
                    if (helpers.isEmpty() && threads > 1 && System.nanoTime() - start >= SLOW_LOAD_NANOS && i + 2 < n) {
                        startHelpers(helpers, threads - 1, worker);
                    }
                }
            }
        } finally {
            joinAll(helpers);
        }
        int f = firstFailure.get();
        if (f < n) {
            for (Program p : loaded) {
                if (p != null) {
                    p.close();
                }
            }
            if (failed[f] instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) failed[f];
        }
        return List.of(loaded);
    }

    private static void load(List<Supplier<Program>> loads, int i, Program[] loaded, Throwable[] failed,
                             AtomicInteger firstFailure) {
        try {
            loaded[i] = loads.get(i).get();
        } catch (RuntimeException | Error e) {
            failed[i] = e;
            firstFailure.accumulateAndGet(i, Math::min);
        }
    }

    private static void startHelpers(List<Thread> helpers, int count, Runnable worker) {
        for (int t = 1; t <= count; t++) {
            helpers.add(Thread.ofPlatform().daemon().name("ebee-prog-load-" + t).start(worker));
        }
    }

    /** Waits for every helper, even when interrupted (their loads own fds that must be closed or kept). */
    private static void joinAll(List<Thread> helpers) {
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many programs load at once: {@code ebee.loadThreads} when set, else the CPUs this process may run on. */
    private static int threads(String p) {
        if (p != null && !p.isBlank()) {
            try {
                int v = Integer.parseInt(p.strip());
                if (v >= 1) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // a debugging knob: a value that is not a count leaves the default
            }
        }
        // availableProcessors: the CPUs of this process's affinity mask and cgroup quota, where its verifier runs
        return Math.clamp(Runtime.getRuntime().availableProcessors(), 1, MAX_THREADS);
    }
}
