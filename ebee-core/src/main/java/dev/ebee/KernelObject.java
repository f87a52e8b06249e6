package dev.ebee;

import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;

/**
 * A kernel object this process holds a file descriptor for: a map, a program, loaded BTF.
 * Closing releases the descriptor; the kernel frees the object once nothing else holds it (a pin
 * in a bpffs, a link, a program that uses the map).
 */
public abstract class KernelObject implements AutoCloseable {
    private final Fd fd;

    /** Takes ownership of {@code fd}; only ebee's own object kinds can make one. */
    protected KernelObject(Fd fd) {
        this.fd = fd;
    }

    /** The file descriptor; throws {@link IllegalStateException} once closed. */
    public int fd() {
        return fd.get();
    }

    /** Pins the object at {@code path} in a bpffs; it outlives this process until unlinked. */
    public void pin(String path) {
        Bpf.objPin(fd(), path);
    }

    public boolean isClosed() {
        return fd.isClosed();
    }

    @Override
    public void close() {
        fd.close();
    }

    /** "fd=N", or "closed", for toString. */
    protected final String fdState() {
        return fd.isClosed() ? "closed" : "fd=" + fd.get();
    }
}
