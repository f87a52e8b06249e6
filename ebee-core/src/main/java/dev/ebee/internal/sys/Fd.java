package dev.ebee.internal.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor. Closing it is idempotent. The {@link SafetyNet} closes a descriptor
 * whose owner forgot it, and logs the leak: that is a bug of the owner, never the way to release one.
 */
public final class Fd implements AutoCloseable {
    private final AtomicInteger fd;
    private final SafetyNet.Handle net;

    private Fd(int fd, String what) {
        if (fd < 0) {
            throw new IllegalArgumentException("bad fd " + fd + " for " + what);
        }
        AtomicInteger owned = new AtomicInteger(fd);
        this.fd = owned;
        this.net = SafetyNet.register(this, what + " (fd " + fd + ")", () -> {
            int v = owned.getAndSet(-1);
            if (v >= 0) {
                Native.close(v);
            }
        });
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
        net.release();
    }

    @Override
    public String toString() {
        return "fd " + fd.get();
    }
}
