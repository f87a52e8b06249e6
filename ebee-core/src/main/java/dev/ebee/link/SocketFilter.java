package dev.ebee.link;

import dev.ebee.Program;
import dev.ebee.EbeeException;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Native;
import dev.ebee.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A {@code socket} program attached to one socket with {@code setsockopt(SO_ATTACH_BPF)}. The
 * kernel has no link for this: the filter lives as long as the socket, and {@link #close()}
 * removes it ({@code SO_DETACH_BPF}). The socket itself is not owned.
 */
public final class SocketFilter extends LegacyAttachment implements Link {
    static final long SYS_SETSOCKOPT = 54;
    static final int SOL_SOCKET = 1, SO_ATTACH_BPF = 50, SO_DETACH_BPF = 27;

    private final int socketFd;

    private SocketFilter(int socketFd) {
        super("a socket filter", "inspect the socket instead (ss -0 -b)", "it lives as long as its socket");
        this.socketFd = socketFd;
    }

    /** Attaches the socket filter program {@code progFd} to socket {@code socketFd}, replacing any filter it had. */
    static SocketFilter attach(int progFd, int socketFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, progFd);
            long r = Native.syscallRaw(SYS_SETSOCKOPT, socketFd, SOL_SOCKET, SO_ATTACH_BPF, v.address(), 4);
            if (r < 0) {
                int errno = (int) -r;
                if (errno == 88 /* ENOTSOCK */ || errno == Errno.EBADF) {
                    throw new EbeeException("socket filter: fd " + socketFd + " is not a socket", "pass an open socket's fd");
                }
                throw LinkCreate.error("setsockopt(SO_ATTACH_BPF) on fd " + socketFd, errno, "a socket filter");
            }
        }
        return new SocketFilter(socketFd);
    }

    /** The socket the filter is on. */
    public int socketFd() {
        return socketFd;
    }

    public void update(Program newProgram) {
        if (isClosed()) {
            throw new IllegalStateException("socket filter is closed");
        }
        attach(newProgram.fd(), socketFd);
    }

    @Override
    protected void undo() {
        long r;
        try (Arena arena = Arena.ofConfined()) {
            // the kernel wants an int-sized option even though it ignores the value
            r = Native.syscallRaw(SYS_SETSOCKOPT, socketFd, SOL_SOCKET, SO_DETACH_BPF, arena.allocate(JAVA_INT).address(), 4);
        }
        // the socket may be closed already (EBADF), or have lost its filter (ENOENT): nothing is attached then
        if (r < 0 && r != -Errno.EBADF && r != -Errno.ENOENT && r != -88 /* ENOTSOCK */) {
            throw SyscallException.of("setsockopt(SO_DETACH_BPF) on fd " + socketFd, (int) -r);
        }
    }

    @Override
    public String toString() {
        return "socket filter on fd " + socketFd + (isClosed() ? " (closed)" : "");
    }

    /** Attaches a loaded socket filter program to {@code socketFd}. */
    public static SocketFilter attach(Program program, int socketFd) {
        return attach(program.fd(), socketFd);
    }
}
