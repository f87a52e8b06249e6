package dev.ebee.internal.sys;

import dev.ebee.Errno;
import dev.ebee.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lifecycle of an event reader (ring buffer, perf buffer): one consuming thread at a time,
 * {@link #close()} from any thread wakes a blocked wait through an eventfd, and what the reader
 * owns is released by the last one out (close, or the call in progress when close came).
 */
public final class ReaderGate {
    private final String what;
    private final int wakeFd;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean inUse = new AtomicBoolean();
    private final AtomicInteger refs = new AtomicInteger(1);

    /**
     * @param what    the reader, for messages ("ring buffer reader")
     * @param wakeFd  an eventfd in the reader's epoll set, written to wake a blocked wait
     * @param release releases what the reader owns; run once, by the last one out
     */
    public ReaderGate(String what, int wakeFd, Runnable release) {
        this.what = what;
        this.wakeFd = wakeFd;
        this.release = release;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Takes a reference for a short non-consuming call: false when closed. Pair with {@link #release()}. */
    public boolean acquire() {
        for (;;) {
            int r = refs.get();
            if (r == 0 || closed.get()) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one releases the reader's resources. */
    public void release() {
        if (refs.decrementAndGet() == 0) {
            release.run();
        }
    }

    /** Enters a consuming call: false when closed; throws when another thread is consuming. Pair with {@link #exit()}. */
    public boolean enter() {
        if (!inUse.compareAndSet(false, true)) {
            throw new IllegalStateException(what + " used by two threads at once: consume from one thread");
        }
        if (!acquire()) {
            inUse.set(false);
            return false;
        }
        return true;
    }

    public void exit() {
        inUse.set(false);
        release();
    }

    /** Wakes a blocked wait; the resources go once no call is in progress. Idempotent. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            long r = Native.writeRaw(wakeFd, one, 8);
            if (r < 0 && r != -Errno.EAGAIN) {
                throw SyscallException.of("write eventfd (wake " + what + ")", (int) -r);
            }
        } finally {
            release();
        }
    }

    /** epoll_wait's timeout for a Duration: -1 for none (null), at least 1 ms for a positive one. */
    public static int timeoutMillis(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        long ms = timeout.toMillis();
        if (ms == 0 && !timeout.isZero()) {
            ms = 1;
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    /** The duration in nanoseconds, capped at a year so that deadlines do not overflow. */
    public static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : d.toNanos();
    }
}
