package dev.ebee.link;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An attachment that is not a {@code bpf_link} (a socket option, a tc filter): it has no file
 * descriptor of its own, so closing it undoes the attachment, once.
 */
abstract class LegacyAttachment {
    private final AtomicBoolean closed = new AtomicBoolean();

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
