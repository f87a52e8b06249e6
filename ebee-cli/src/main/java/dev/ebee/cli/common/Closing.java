package dev.ebee.cli.common;

import dev.ebee.EbeeException;

import java.util.function.Supplier;

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

    /**
     * The result of the next step with a just-loaded {@code resource} (attaching it, opening its
     * buffer); when the step fails, the resource is closed before the failure goes on, so that a
     * tool that cannot start leaves nothing loaded.
     */
    public static <T> T onFailure(AutoCloseable resource, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            quietly(resource, e);
            throw e;
        }
    }

    /** Closes {@code first}, then {@code then} even when closing {@code first} failed: a link before the object its program is in. */
    public static AutoCloseable inOrder(AutoCloseable first, AutoCloseable then) {
        return () -> {
            try {
                first.close();
            } finally {
                then.close();
            }
        };
    }
}
