package dev.ebee.cli.tracepipe;

import dev.ebee.EbeeException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where trace_pipe is: tracefs found or mounted by {@link dev.ebee.fs.TraceFs}. */
public final class TraceFs {
    private TraceFs() {
    }

    /** The path of trace_pipe, mounting tracefs when needed. */
    public static Path tracePipe() {
        Path p = dev.ebee.fs.TraceFs.path().resolve("trace_pipe");
        if (!Files.exists(p)) {
            throw new EbeeException("tracefs has no trace_pipe at " + p, "the kernel may lack CONFIG_TRACING");
        }
        return p;
    }
}
