package dev.ebee.cli.tracepipe;

import dev.ebee.Errno;
import dev.ebee.internal.sys.Native;
import dev.ebee.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads lines from trace_pipe without blocking past a timeout (non-blocking fd + epoll). */
public final class TracePipe implements AutoCloseable {
    private static final int BUF = 64 * 1024;
    private static final int MAX_LINE = 64 * 1024;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buf = arena.allocate(BUF);
    private final MemorySegment epollEvents = arena.allocate(Native.EPOLL_EVENT_SIZE * 4, 8);
    private final byte[] chunk = new byte[BUF];
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
    private int fd = -1;
    private int epfd = -1;

    public TracePipe(Path path) {
        try {
            fd = Native.open(path.toString(), Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC);
            epfd = Native.epollCreate();
            Native.epollAdd(epfd, fd, 0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Waits up to {@code timeoutMillis}, then hands every complete line read to {@code lines}. */
    public int poll(int timeoutMillis, Consumer<String> lines) {
        int ready = Native.epollWait(epfd, epollEvents, 4, timeoutMillis);
        if (ready <= 0) {
            return 0;
        }
        int count = 0;
        for (int round = 0; round < 64; round++) {
            long n = Native.readRaw(fd, buf, BUF);
            if (n == -Errno.EAGAIN || n == -Errno.EINTR || n == 0) {
                break;
            }
            if (n < 0) {
                throw SyscallException.of("read trace_pipe", (int) -n);
            }
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, chunk, 0, (int) n);
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
            partial.write(chunk, start, (int) n - start);
            if (partial.size() > MAX_LINE) {
                partial.reset();
            }
        }
        return count;
    }

    @Override
    public void close() {
        if (epfd >= 0) {
            Native.close(epfd);
            epfd = -1;
        }
        if (fd >= 0) {
            Native.close(fd);
            fd = -1;
        }
        arena.close();
    }
}
