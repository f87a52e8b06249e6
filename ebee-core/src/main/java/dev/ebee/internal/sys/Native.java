package dev.ebee.internal.sys;

import dev.ebee.Errno;
import dev.ebee.SyscallException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The only place where ebee calls native code: the C library's {@code syscall}, {@code mmap},
 * {@code epoll_*}, {@code ioctl} and friends, each with errno captured right after the call.
 * Every method throws a {@link SyscallException} naming the operation when the call fails.
 */
public final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> ERRNO_SLOT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    // Linking a downcall handle spins method handles and a stub: milliseconds each in a cold JVM.
    // So every system call goes through the one handle for the C library's syscall(), and the only
    // other handle (if_nametoindex) is linked on first use (a holder class: a static final there is
    // still a constant to the JIT). System call numbers are x86_64's.

    private static final class SYSCALL {
        static final MethodHandle H = downcall("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1), CAPTURE);
    }

    private static final class IF_NAMETOINDEX {
        static final MethodHandle H = downcall("if_nametoindex",
                FunctionDescriptor.of(JAVA_INT, ADDRESS), CAPTURE);
    }

    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1, MAP_PRIVATE = 2;
    public static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2;
    public static final int EPOLLIN = 1;
    public static final int EPOLL_CLOEXEC = 0x80000, EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800;
    public static final int RLIMIT_MEMLOCK = 8;
    public static final long SYS_BPF = 321, SYS_PERF_EVENT_OPEN = 298;
    private static final long SYS_READ = 0, SYS_WRITE = 1, SYS_OPEN = 2, SYS_CLOSE = 3, SYS_MMAP = 9, SYS_MUNMAP = 11,
            SYS_IOCTL = 16, SYS_GETRLIMIT = 97, SYS_SETRLIMIT = 160, SYS_MOUNT = 165, SYS_EPOLL_WAIT = 232,
            SYS_EPOLL_CTL = 233, SYS_EVENTFD2 = 290, SYS_EPOLL_CREATE1 = 291, SYS_LSEEK = 8;

    /** epoll_event is packed on x86_64: u32 events, u64 data. */
    public static final long EPOLL_EVENT_SIZE = 12;

    private static final class PageSize {
        /** AT_PAGESZ from the process's auxiliary vector (what sysconf(_SC_PAGESIZE) returns). */
        static final long VALUE = fromAuxv();

        private static long fromAuxv() {
            try {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(
                        java.nio.file.Path.of("/proc/self/auxv"))).order(java.nio.ByteOrder.nativeOrder());
                while (b.remaining() >= 16) {
                    long type = b.getLong();
                    long value = b.getLong();
                    if (type == 6 /* AT_PAGESZ */) {
                        return value;
                    }
                }
            } catch (java.io.IOException e) {
                throw new UncheckedIOException("cannot read the page size from /proc/self/auxv", e);
            }
            throw new IllegalStateException("/proc/self/auxv has no AT_PAGESZ");
        }
    }

    private Native() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("C library has no " + name));
        return LINKER.downcallHandle(sym, fd, options);
    }

    /** The address of a native segment passed to the kernel (a heap segment has none). */
    private static long address(MemorySegment seg) {
        if (!seg.isNative()) {
            throw new IllegalArgumentException("a system call needs a native memory segment, not " + seg);
        }
        return seg.address();
    }

    private static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** The system's page size. */
    public static long pageSize() {
        return PageSize.VALUE;
    }

    /**
     * A raw system call. Returns the kernel's result, or minus the errno on failure (never throws
     * for a failing call), so that callers can branch on an expected errno without an exception.
     */
    public static long syscallRaw(long nr, long a, long b, long c, long d, long e) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            long r = (long) SYSCALL.H.invokeExact(slot, nr, a, b, c, d, e, 0L);
            return r == -1 ? -errno(slot) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A system call that throws a typed exception naming {@code op} on failure. */
    public static long syscall(String op, long nr, long a, long b, long c, long d, long e) {
        long r = syscallRaw(nr, a, b, c, d, e);
        if (r < 0 && r > -4096) {
            throw SyscallException.of(op, (int) -r);
        }
        return r;
    }

    /** bpf(cmd, attr, size): result or minus errno. */
    public static long bpfRaw(int cmd, MemorySegment attr, long size) {
        return syscallRaw(SYS_BPF, cmd, attr.address(), size, 0, 0);
    }

    public static void close(int fd) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_CLOSE, (long) fd, 0L, 0L, 0L, 0L, 0L);
            if (r < 0 && errno(slot) != Errno.EINTR) {
                throw SyscallException.of("close(" + fd + ")", errno(slot));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** read(2): bytes read, 0 at end, or minus errno. */
    public static long readRaw(int fd, MemorySegment buf, long len) {
        return syscallRaw(SYS_READ, fd, address(buf), len, 0, 0);
    }

    /** write(2): bytes written, or minus errno. */
    public static long writeRaw(int fd, MemorySegment buf, long len) {
        return syscallRaw(SYS_WRITE, fd, address(buf), len, 0, 0);
    }

    /** mmap of {@code len} bytes of {@code fd} at {@code offset}, returned as a segment of that size. */
    public static MemorySegment mmap(String op, long len, int prot, int fd, long offset) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            long p = (long) SYSCALL.H.invokeExact(slot, SYS_MMAP, 0L, len, (long) prot, (long) MAP_SHARED, (long) fd, offset);
            if (p == -1L) {
                throw SyscallException.of(op, errno(slot));
            }
            return MemorySegment.ofAddress(p).reinterpret(len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * A private read-only mapping of {@code len} bytes of {@code fd} from its start (some files,
     * /sys/kernel/btf/vmlinux among them, refuse shared mappings).
     */
    public static MemorySegment mmapPrivate(String op, long len, int fd) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            long p = (long) SYSCALL.H.invokeExact(slot, SYS_MMAP, 0L, len, (long) PROT_READ, (long) MAP_PRIVATE, (long) fd, 0L);
            if (p == -1L) {
                throw SyscallException.of(op, errno(slot));
            }
            return MemorySegment.ofAddress(p).reinterpret(len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The size of an open file (where lseek to its end lands), or minus errno. */
    public static long fileSizeRaw(int fd) {
        return syscallRaw(SYS_LSEEK, fd, 0, 2 /* SEEK_END */, 0, 0);
    }

    public static void munmap(MemorySegment seg) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_MUNMAP, address(seg), seg.byteSize(), 0L, 0L, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("munmap", errno(slot));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ioctl(String op, int fd, long request, long arg) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_IOCTL, (long) fd, request, arg, 0L, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of(op, errno(slot));
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollCreate() {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_EPOLL_CREATE1, (long) EPOLL_CLOEXEC, 0L, 0L, 0L, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("epoll_create1", errno(slot));
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds {@code fd} to the epoll set, for reading, with {@code data} as its tag. */
    public static void epollAdd(int epfd, int fd, long data) {
        MemorySegment slot = ERRNO_SLOT.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(EPOLL_EVENT_SIZE, 4);
            ev.set(ValueLayout.JAVA_INT_UNALIGNED, 0, EPOLLIN);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, data);
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_EPOLL_CTL, (long) epfd, (long) EPOLL_CTL_ADD, (long) fd,
                    ev.address(), 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("epoll_ctl(EPOLL_CTL_ADD)", errno(slot));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** epoll_wait into {@code events} (room for {@code max} entries): count, 0 on timeout or EINTR. */
    public static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_EPOLL_WAIT, (long) epfd, address(events), (long) max,
                    (long) timeoutMillis, 0L, 0L);
            if (r < 0) {
                int e = errno(slot);
                if (e == Errno.EINTR) {
                    return 0;
                }
                throw SyscallException.of("epoll_wait", e);
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int eventfd(int flags) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_EVENTFD2, 0L, (long) flags, 0L, 0L, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("eventfd", errno(slot));
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {soft, hard} of a resource limit. */
    public static long[] getrlimit(int resource) {
        MemorySegment slot = ERRNO_SLOT.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment rl = a.allocate(16, 8);
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_GETRLIMIT, (long) resource, rl.address(), 0L, 0L, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("getrlimit", errno(slot));
            }
            return new long[] {rl.get(JAVA_LONG, 0), rl.get(JAVA_LONG, 8)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setrlimit(int resource, long soft, long hard) {
        MemorySegment slot = ERRNO_SLOT.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment rl = a.allocate(16, 8);
            rl.set(JAVA_LONG, 0, soft);
            rl.set(JAVA_LONG, 8, hard);
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_SETRLIMIT, (long) resource, rl.address(), 0L, 0L, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("setrlimit", errno(slot));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The interface index for a name, or 0 when there is no such interface. */
    public static int ifNameToIndex(String name) {
        MemorySegment slot = ERRNO_SLOT.get();
        try (Arena a = Arena.ofConfined()) {
            return (int) IF_NAMETOINDEX.H.invokeExact(slot, a.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** open(2) of a path: fd, or throws naming the path. */
    public static int open(String path, int flags) {
        MemorySegment slot = ERRNO_SLOT.get();
        try (Arena a = Arena.ofConfined()) {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_OPEN, a.allocateFrom(path).address(), (long) flags, 0L, 0L, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("open " + path, errno(slot));
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** mount(2); throws naming the target on failure. */
    public static void mount(String source, String target, String fstype, long flags) {
        MemorySegment slot = ERRNO_SLOT.get();
        try (Arena a = Arena.ofConfined()) {
            int r = (int) (long) SYSCALL.H.invokeExact(slot, SYS_MOUNT, a.allocateFrom(source).address(),
                    a.allocateFrom(target).address(), a.allocateFrom(fstype).address(), flags, 0L, 0L);
            if (r < 0) {
                throw SyscallException.of("mount " + fstype + " on " + target, errno(slot));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
