package dev.ebee.internal.sys;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} of ebee: it releases what an owner forgot to close, and logs it. That is
 * a bug of the owner, never the way to release a resource; closing the owner releases through
 * {@link Handle#release()} and the leak report stays silent.
 */
public final class SafetyNet {
    private static final Cleaner CLEANER = Cleaner.create();

    private SafetyNet() {
    }

    /**
     * Registers {@code release} to run once: at {@link Handle#release()}, or when {@code owner}
     * becomes unreachable without it. {@code release} must not refer to {@code owner}, or it never
     * becomes unreachable.
     *
     * @param what names the owner in the leak report ("a RingBufReader of 4096 bytes")
     */
    public static Handle register(Object owner, String what, Runnable release) {
        Handle h = new Handle(what, release);
        h.cleanable = CLEANER.register(owner, h::run);
        return h;
    }

    /** The registration of one owner's resources. */
    public static final class Handle {
        private final String what;
        private final Runnable release;
        private Cleaner.Cleanable cleanable;
        private volatile boolean explicit;

        private Handle(String what, Runnable release) {
            this.what = what;
            this.release = release;
        }

        /** Releases the resources now (once; later calls do nothing). */
        public void release() {
            explicit = true;
            cleanable.clean();
        }

        private void run() {
            if (!explicit) {
                Log.warning("ebee: " + what + " was never closed; releasing it now");
            }
            release.run();
        }
    }
}
