package dev.ebee.cli.common;

import dev.ebee.EbeeException;

/** Closing a tool's loaded object (a generated {@code *Bpf}, whose close() is declared to throw). */
public final class Closing {
    private Closing() {
    }

    /** Closes {@code resource}; a checked exception becomes an {@link EbeeException}. */
    public static void close(AutoCloseable resource) {
        try {
            resource.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new EbeeException("close: " + e.getMessage(), null, e);
        }
    }

    /** Closes {@code resource} after {@code failure}, adding what closing threw to it. */
    public static void quietly(AutoCloseable resource, Throwable failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
