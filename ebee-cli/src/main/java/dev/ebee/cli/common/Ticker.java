package dev.ebee.cli.common;

/** Runs a task every period until stopped, sleeping in short steps so that a stop is seen promptly. */
public final class Ticker {
    private Ticker() {
    }

    public static void run(StopSignal stop, long periodMillis, Runnable task) {
        long next = System.nanoTime() + periodMillis * 1_000_000L;
        while (!stop.stopped()) {
            long waitMillis = Math.max(0, (next - System.nanoTime()) / 1_000_000L);
            if (waitMillis == 0 && System.nanoTime() - next >= 0) {
                task.run();
                next += periodMillis * 1_000_000L;
                continue;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(waitMillis, stop.timeoutMillis(100))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.stop("interrupted");
            }
        }
    }
}
