package dev.ebee.cli.common;

import java.io.PrintWriter;

/**
 * The poll loop of the event tools: polls the stream until stopped, flushes the output after
 * every batch, reports lost records on stderr as they happen and runs a periodic task.
 */
public final class EventLoop {
    /** How long one poll waits at most, so that a signal or the deadline is seen promptly. */
    static final int POLL_MILLIS = 100;
    private static final int DRAIN_POLLS = 16;

    private final EventStream stream;
    private final StopSignal stop;
    private final Runnable flush;
    private final PrintWriter err;
    private long events;
    private long lostReported;

    /** @param flush flushes the tool's output (called after every batch of records) */
    public EventLoop(EventStream stream, StopSignal stop, Runnable flush, PrintWriter err) {
        this.stream = stream;
        this.stop = stop;
        this.flush = flush;
        this.err = err;
    }

    /** Runs until stopped. */
    public void run(RecordHandler handler) {
        run(handler, 0, null);
    }

    /**
     * Runs until stopped, calling {@code periodic} every {@code periodMillis} (when positive).
     */
    public void run(RecordHandler handler, long periodMillis, Runnable periodic) {
        long next = periodMillis > 0 ? System.nanoTime() + periodMillis * 1_000_000L : Long.MAX_VALUE;
        while (!stop.stopped()) {
            int timeout = stop.timeoutMillis(POLL_MILLIS);
            if (periodMillis > 0) {
                timeout = (int) Math.max(0, Math.min(timeout, (next - System.nanoTime()) / 1_000_000L + 1));
            }
            int n = stream.poll(timeout, handler);
            events += n;
            if (n > 0) {
                flush.run();
            }
            checkLost();
            if (periodMillis > 0 && System.nanoTime() - next >= 0 && !stop.stopped()) {
                periodic.run();
                flush.run();
                next += periodMillis * 1_000_000L;
            }
        }
        // drain what is already in the buffer, boundedly: a flood must not keep us from exiting
        for (int i = 0; i < DRAIN_POLLS; i++) {
            int n = stream.poll(0, handler);
            events += n;
            if (n == 0) {
                break;
            }
        }
        flush.run();
        checkLost();
    }

    private void checkLost() {
        long lost = stream.lost();
        if (lost > lostReported) {
            err.println("Lost " + (lost - lostReported) + " events");
            err.flush();
            lostReported = lost;
        }
    }

    /** Records handled so far. */
    public long events() {
        return events;
    }

    /** Records lost so far. */
    public long lost() {
        return lostReported;
    }
}
