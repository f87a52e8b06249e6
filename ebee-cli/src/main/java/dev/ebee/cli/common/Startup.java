package dev.ebee.cli.common;

/**
 * Start-up phase marks for measuring where a tool's start-up goes: with {@code EBEE_TRACE_STARTUP=1}
 * in the environment, each mark prints {@code ebee-startup: <ms since main> <phase>} on stderr.
 * Silent (one environment lookup) otherwise.
 */
public final class Startup {
    private static final long T0 = System.nanoTime();
    private static final boolean ON = "1".equals(System.getenv("EBEE_TRACE_STARTUP"));

    private Startup() {
    }

    /** Marks the end of a phase. */
    public static void mark(String phase) {
        if (ON) {
            long us = (System.nanoTime() - T0) / 1000;
            System.err.println("ebee-startup: " + us / 1000 + "." + us % 1000 / 100 + " ms " + phase);
        }
    }
}
