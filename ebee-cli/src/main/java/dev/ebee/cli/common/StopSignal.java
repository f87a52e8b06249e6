package dev.ebee.cli.common;

import dev.ebee.StopSignals;

import java.util.concurrent.TimeUnit;

/**
 * When a tool should stop: on SIGINT or SIGTERM (caught, so that the tool detaches, prints its
 * summary and exits 0) or when its duration has passed. Closing it restores the previous signal
 * handlers.
 */
public final class StopSignal implements AutoCloseable {
    private volatile boolean stopped;
    private volatile String reason;
    private final double durationSeconds;
    private volatile long deadlineNanos;
    private final boolean hasDeadline;
    /** The caught signals, or null for {@link #of}. */
    private final StopSignals signals;

    private StopSignal(double durationSeconds, StopSignals signals) {
        this.signals = signals;
        this.durationSeconds = durationSeconds;
        this.hasDeadline = durationSeconds > 0;
        startDuration();
    }

    /** Starts the duration now: tools call it once their probes are attached. */
    public void startDuration() {
        if (hasDeadline) {
            deadlineNanos = System.nanoTime() + (long) (durationSeconds * TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** A stop signal with no signal handlers, for tests and embedding. */
    public static StopSignal of(double durationSeconds) {
        return new StopSignal(durationSeconds, null);
    }

    /** Catches SIGINT and SIGTERM until closed. */
    public static StopSignal install(double durationSeconds) {
        return new StopSignal(durationSeconds, StopSignals.install());
    }

    public void stop(String why) {
        if (!stopped) {
            reason = why;
            stopped = true;
        }
    }

    public boolean stopped() {
        if (!stopped && signals != null && signals.caught()) {
            stop(signals.signal().orElseThrow());
        }
        if (!stopped && hasDeadline && System.nanoTime() - deadlineNanos >= 0) {
            stop("duration");
        }
        return stopped;
    }

    /** Why it stopped (a signal name or "duration"), or null. */
    public String reason() {
        return reason;
    }

    /** {@code max}, or less when the deadline comes sooner; at least 0. */
    public int timeoutMillis(int max) {
        if (!hasDeadline) {
            return max;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 1;
        return (int) Math.max(0, Math.min(max, left));
    }

    @Override
    public void close() {
        if (signals != null) {
            signals.close();
        }
    }
}
