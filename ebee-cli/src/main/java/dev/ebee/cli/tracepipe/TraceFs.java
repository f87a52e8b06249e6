package dev.ebee.cli.tracepipe;

import dev.ebee.EbeeException;
import dev.ebee.sys.Native;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds tracefs, mounting it at /sys/kernel/tracing when it is not mounted anywhere known. */
public final class TraceFs {
    static final Path TRACING = Path.of("/sys/kernel/tracing");
    static final Path DEBUG_TRACING = Path.of("/sys/kernel/debug/tracing");

    private TraceFs() {
    }

    /** The path of trace_pipe, mounting tracefs when needed. */
    public static Path tracePipe() {
        for (Path dir : new Path[] {TRACING, DEBUG_TRACING}) {
            Path p = dir.resolve("trace_pipe");
            if (Files.exists(p)) {
                return p;
            }
        }
        if (!Files.isDirectory(TRACING)) {
            throw new EbeeException("no tracefs: " + TRACING + " does not exist",
                    "the kernel needs CONFIG_TRACING (FTRACE)");
        }
        try {
            Native.mount("tracefs", TRACING.toString(), "tracefs", 0);
        } catch (EbeeException e) {
            throw new EbeeException("cannot mount tracefs on " + TRACING + ": " + e.getMessage(),
                    "run as root, or mount it: mount -t tracefs tracefs " + TRACING, e);
        }
        Path p = TRACING.resolve("trace_pipe");
        if (!Files.exists(p)) {
            throw new EbeeException("tracefs mounted on " + TRACING + " has no trace_pipe");
        }
        return p;
    }
}
