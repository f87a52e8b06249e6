package dev.ebee.link;

import dev.ebee.EbeeException;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An attachment that is not a {@code bpf_link} (a socket option, a tc filter): it has no file
 * descriptor of its own, so closing it undoes the attachment, once.
 */
abstract class LegacyAttachment {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String kind;
    private final String inspect;
    private final String lifetime;

    /**
     * @param kind     what it is, for messages ("a socket filter")
     * @param inspect  how to look at it instead of {@link #info()} ("inspect the socket instead (ss -0 -b)")
     * @param lifetime why it cannot be pinned ("it lives as long as its socket")
     */
    LegacyAttachment(String kind, String inspect, String lifetime) {
        this.kind = kind;
        this.inspect = inspect;
        this.lifetime = lifetime;
    }

    /** Always -1: there is no bpf_link. */
    public final int fd() {
        return -1;
    }

    public final LinkInfo info() {
        throw new EbeeException(kind + " has no bpf_link to describe", inspect);
    }

    public final void pin(Path path) {
        throw new EbeeException(kind + " cannot be pinned: " + lifetime, null);
    }

    /** Undoes the attachment; called by the first {@link #close()} only. */
    protected abstract void undo();

    public final void detach() {
        close();
    }

    public final boolean isClosed() {
        return closed.get();
    }

    public final void close() {
        if (closed.compareAndSet(false, true)) {
            undo();
        }
    }
}
