package dev.ebee.internal.sys;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor. Closing it is idempotent. A {@link Cleaner} closes a descriptor whose
 * owner forgot it, and logs the leak: that is a bug of the owner, never the way to release one.
 */
public final class Fd implements AutoCloseable {
    /** One cleaner thread for the syscall layer's safety nets (descriptors, mappings): each Cleaner starts a thread. */
    static final Cleaner CLEANER = Cleaner.create();

    private final AtomicInteger fd;
    private final Cleaner.Cleanable cleanable;

    private record Leak(AtomicInteger fd, String what) implements Runnable {
        @Override
        public void run() {
            int v = fd.getAndSet(-1);
            if (v >= 0) {
                Log.warning("ebee: " + what + " (fd " + v + ") was never closed; closing it now");
                Native.close(v);
            }
        }
    }

    private Fd(int fd, String what) {
        if (fd < 0) {
            throw new IllegalArgumentException("bad fd " + fd + " for " + what);
        }
        this.fd = new AtomicInteger(fd);
        this.cleanable = CLEANER.register(this, new Leak(this.fd, what));
    }

    /** Takes ownership of {@code fd}; {@code what} names it in leak reports. */
    public static Fd own(int fd, String what) {
        return new Fd(fd, what);
    }

    /** The descriptor; throws when it is closed. */
    public int get() {
        int v = fd.get();
        if (v < 0) {
            throw new IllegalStateException("file descriptor is closed");
        }
        return v;
    }

    public boolean isClosed() {
        return fd.get() < 0;
    }

    @Override
    public void close() {
        int v = fd.getAndSet(-1);
        if (v >= 0) {
            cleanable.clean(); // no-op now that fd is -1, but unregisters
            Native.close(v);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd.get();
    }
}
