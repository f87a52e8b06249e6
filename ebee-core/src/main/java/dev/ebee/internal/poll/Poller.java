package dev.ebee.internal.poll;

import dev.ebee.Errno;
import dev.ebee.SyscallException;
import dev.ebee.internal.sys.Native;
import dev.ebee.internal.sys.SafetyNet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every event reader (ring buffer, perf buffer, trace pipe) needs around its own data: an
 * epoll set of the fds that signal data, an eventfd in that set so that {@link #close()} from any
 * thread wakes a blocked wait, a wait that keeps going after stale wake-ups and signals until the
 * deadline, and the reader's lifecycle: one consuming thread at a time, and what the reader owns
 * released by the last one out (close, or the call in progress when close came).
 *
 * <p>The reader keeps the data path; the poller only answers "is there data, or was I closed, or
 * did the time run out", so that the hot loop stays in the reader, monomorphic and allocation-free.
 */
public final class Poller {
    /** {@link #await} result: the reader has data. */
    public static final int READY = 1;
    /** {@link #await} result: the time ran out. */
    public static final int TIMED_OUT = 0;
    /** {@link #await} result: the reader was closed. */
    public static final int CLOSED = -1;

    private static final long WAKE_TAG = -1L;

    /** Says whether the reader has data to deliver, without waiting. */
    @FunctionalInterface
    public interface DataCheck {
        boolean hasData();
    }

    /**
     * The reader's own delivery loop: hands what it has to {@code handler}, at most {@code max}
     * items where the reader can count them, and returns how many it delivered. Readers keep one
     * instance, so that a poll allocates nothing.
     */
    @FunctionalInterface
    public interface Drain<H> {
        int drain(H handler, int max);
    }

    private final String what;
    private final int epollFd;
    private final int wakeFd;
    private final MemorySegment events;
    private final int maxEvents;
    private SafetyNet.Handle net;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean inUse = new AtomicBoolean();
    private final AtomicInteger refs = new AtomicInteger(1);

    /**
     * @param what      the reader, for messages ("ring buffer reader")
     * @param maxEvents how many fds will be added with {@link #add}
     * @param arena     where the epoll event buffer lives (the reader's)
     */
    public Poller(String what, int maxEvents, Arena arena) {
        this.what = what;
        this.maxEvents = maxEvents + 1;
        this.events = arena.allocate(Native.EPOLL_EVENT_SIZE * this.maxEvents, 8);
        int ep = Native.epollCreate();
        int ev = -1;
        try {
            ev = Native.eventfd(Native.EFD_CLOEXEC | Native.EFD_NONBLOCK);
            Native.epollAdd(ep, ev, WAKE_TAG);
        } catch (RuntimeException e) {
            if (ev >= 0) Native.close(ev);
            Native.close(ep);
            throw e;
        }
        this.epollFd = ep;
        this.wakeFd = ev;
    }

    /**
     * Hands the poller what the reader owns, once the reader is built: {@code resources} runs once,
     * by the last one out after {@link #close()}, or by the {@link SafetyNet} when {@code owner}
     * is collected unclosed; the poller's own fds are closed after it. {@code resources} must not
     * refer to {@code owner}.
     */
    public void guard(Object owner, String leakName, Runnable resources) {
        int ep = epollFd, ev = wakeFd;
        net = SafetyNet.register(owner, leakName, () -> {
            try {
                resources.run();
            } finally {
                Native.close(ep);
                Native.close(ev);
            }
        });
    }

    /** Closes the poller's fds when the reader could not be built (before {@link #guard}). */
    public void discard() {
        Native.close(epollFd);
        Native.close(wakeFd);
    }

    /** Adds an fd that becomes readable when the reader has data; {@code tag} is for the reader's own use. */
    public void add(int fd, long tag) {
        Native.epollAdd(epollFd, fd, tag);
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
            net.release();
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

    /**
     * A consuming call that delivers what is there without waiting: {@code drain}'s count, or
     * {@link #CLOSED}.
     */
    public <H> int consume(Drain<H> drain, H handler, int max) {
        if (!enter()) {
            return CLOSED;
        }
        try {
            return drain.drain(handler, max);
        } finally {
            exit();
        }
    }

    /**
     * A consuming call that waits as {@link #await} does, then delivers: {@code drain}'s count,
     * {@link #TIMED_OUT} or {@link #CLOSED}.
     */
    public <H> int poll(Duration timeout, DataCheck data, Drain<H> drain, H handler) {
        if (!enter()) {
            return CLOSED;
        }
        try {
            int state = await(timeout, data);
            return state == READY ? drain.drain(handler, Integer.MAX_VALUE) : state;
        } finally {
            exit();
        }
    }

    /**
     * Inside a consuming call: waits until {@code data} says there is data ({@link #READY}), the
     * reader is closed ({@link #CLOSED}), or {@code timeout} (null: no limit) ran out
     * ({@link #TIMED_OUT}). Stale wake-ups and signals wait again for what is left of the time.
     */
    private int await(Duration timeout, DataCheck data) {
        int ms = timeoutMillis(timeout);
        long deadline = timeout == null ? 0 : System.nanoTime() + saturatedNanos(timeout);
        for (;;) {
            if (data.hasData()) {
                return READY;
            }
            Native.epollWait(epollFd, events, maxEvents, ms);
            if (closed.get()) {
                return CLOSED;
            }
            if (data.hasData()) {
                return READY;
            }
            if (timeout != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return TIMED_OUT;
                }
                ms = (int) Math.min((left + 999_999) / 1_000_000, Integer.MAX_VALUE);
            }
        }
    }

    /** Inside a consuming call: one wait of at most {@code timeout} for any fd of the set, for readers that check afterwards. */
    public void waitOnce(Duration timeout) {
        Native.epollWait(epollFd, events, maxEvents, timeoutMillis(timeout));
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
    static int timeoutMillis(Duration timeout) {
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
    static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : d.toNanos();
    }
}
