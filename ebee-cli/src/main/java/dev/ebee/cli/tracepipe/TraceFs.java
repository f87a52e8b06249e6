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
        Path dir = dev.ebee.fs.TraceFs.path();
        Path p = dir.resolve("trace_pipe");
        // an unreadable tracefs (not root) hides the file: let open(2) say EACCES then
        if (Files.isReadable(dir) && !Files.exists(p)) {
            throw new EbeeException("tracefs has no trace_pipe at " + p, "the kernel may lack CONFIG_TRACING");
        }
        return p;
    }
}
