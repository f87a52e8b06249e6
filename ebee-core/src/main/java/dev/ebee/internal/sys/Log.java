package dev.ebee.internal.sys;

/**
 * ebee's few log lines (a resource never closed, a file system mounted), through
 * {@link System.Logger}. The logger is looked up at the first line, not when a class that may log
 * is initialised: creating it costs a few milliseconds of a cold start.
 */
public final class Log {
    private Log() {
    }

    private static final class Holder {
        static final System.Logger LOGGER = System.getLogger("dev.ebee");
    }

    public static void warning(String message) {
        Holder.LOGGER.log(System.Logger.Level.WARNING, message);
    }

    /** A line nobody needs unless they look for it (why the on-disk cache was skipped). */
    public static void debug(String message) {
        Holder.LOGGER.log(System.Logger.Level.DEBUG, message);
    }

    public static void info(String message) {
        Holder.LOGGER.log(System.Logger.Level.INFO, message);
    }
}
