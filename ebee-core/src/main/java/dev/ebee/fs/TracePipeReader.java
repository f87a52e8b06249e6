package dev.ebee.fs;

import dev.ebee.Errno;
import dev.ebee.SyscallException;
import dev.ebee.internal.poll.Poller;
import dev.ebee.internal.sys.Native;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads tracefs's {@code trace_pipe} ({@code bpf_printk} output, among others) line by line,
 * waiting no longer than the caller says: the pipe is opened non-blocking and waited on with
 * epoll, so {@link #close()} from another thread wakes a blocked {@link #poll}.
 *
 * <p>Reading consumes: two readers of the same pipe split its lines between them.
 *
 * <pre>{@code
 * try (TracePipeReader pipe = TracePipeReader.open()) {
 *     while (pipe.poll(Duration.ofMillis(100), System.out::println) >= 0) { }
 * }
 * }</pre>
 */
public final class TracePipeReader implements AutoCloseable {
    private static final int BUF = 64 * 1024;
    private static final int MAX_LINE = 64 * 1024;
    private static final int ROUNDS = 64; // reads per poll: a busy pipe must not keep poll from returning

    private final int fd;
    private final MemorySegment buf;
    private final byte[] chunk = new byte[BUF];
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Poller poller;
    private int pending; // bytes read into buf and not yet split into lines
    private final Poller.DataCheck dataCheck = this::readSome;
    private final Poller.Drain<Consumer<String>> drain = (lines, max) -> readLines(lines);

    private TracePipeReader(Path path) {
        Arena arena = Arena.ofShared();
        int f = -1;
        Poller p = null;
        try {
            f = Native.open(path.toString(), Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC);
            p = new Poller("trace pipe reader", 1, arena);
            p.add(f, 0);
        } catch (RuntimeException e) {
            if (p != null) p.discard();
            if (f >= 0) Native.close(f);
            arena.close();
            throw e;
        }
        this.fd = f;
        this.buf = arena.allocate(BUF);
        this.poller = p;
        int owned = f;
        p.guard(this, "a TracePipeReader of " + path, () -> {
            arena.close();
            Native.close(owned);
        });
    }

    /** Opens {@code trace_pipe} of the tracefs found or mounted by {@link TraceFs#path()}. */
    public static TracePipeReader open() {
        return open(TraceFs.path().resolve("trace_pipe"));
    }

    /** Opens the trace pipe at {@code path}. */
    public static TracePipeReader open(Path path) {
        return new TracePipeReader(path);
    }

    /**
     * Waits up to {@code timeout} (null: no limit) for output, then hands every complete line read
     * to {@code lines}, without its newline. Returns the number of lines, 0 when the time ran out,
     * or -1 when the reader is closed, also by a {@link #close()} during the wait. A line that grows
     * past 64 KiB without a newline is dropped.
     */
    public int poll(Duration timeout, Consumer<String> lines) {
        return poller.poll(timeout, dataCheck, drain, lines);
    }

    /**
     * Whether output is waiting, found by reading it: a pipe says so only by a read that does not
     * fail with EAGAIN. What was read stays in {@code buf} for {@link #readLines}.
     */
    private boolean readSome() {
        if (pending > 0) {
            return true;
        }
        long n = Native.readRaw(fd, buf, BUF);
        if (n > 0) {
            pending = (int) n;
            return true;
        }
        if (n == 0 || n == -Errno.EAGAIN || n == -Errno.EINTR) {
            return false;
        }
        throw SyscallException.of("read trace_pipe", (int) -n);
    }

    private int readLines(Consumer<String> lines) {
        int count = 0;
        for (int round = 0; round < ROUNDS && readSome(); round++) {
            int n = pending;
            pending = 0;
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, chunk, 0, n);
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    partial.write(chunk, start, i - start);
                    lines.accept(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                    count++;
                    start = i + 1;
                }
            }
            partial.write(chunk, start, n - start);
            if (partial.size() > MAX_LINE) {
                partial.reset();
            }
        }
        return count;
    }

    /** Wakes a blocked {@link #poll}; closes the pipe once no call is in progress. Idempotent. */
    @Override
    public void close() {
        poller.close();
    }
}
