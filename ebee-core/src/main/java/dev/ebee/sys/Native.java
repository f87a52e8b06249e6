package dev.ebee.sys;

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

    // Each downcall handle lives in its own holder class, linked on first use: linking one spins
    // method handles and a stub (milliseconds each in a cold JVM), and a tool needs only some.
    // A static final in a holder class is still a constant to the JIT.

    private static final class SYSCALL {
        static final MethodHandle H = downcall("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1), CAPTURE);
    }

    private static final class CLOSE {
        static final MethodHandle H = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE);
    }

    private static final class READ {
        static final MethodHandle H = downcall("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE);
    }

    private static final class WRITE {
        static final MethodHandle H = downcall("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE);
    }

    private static final class MMAP {
        static final MethodHandle H = downcall("mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE);
    }

    private static final class MUNMAP {
        static final MethodHandle H = downcall("munmap",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE);
    }

    private static final class IOCTL {
        static final MethodHandle H = downcall("ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2), CAPTURE);
    }

    private static final class EPOLL_CREATE1 {
        static final MethodHandle H = downcall("epoll_create1",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE);
    }

    private static final class EPOLL_CTL {
        static final MethodHandle H = downcall("epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE);
    }

    private static final class EPOLL_WAIT {
        static final MethodHandle H = downcall("epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE);
    }

    private static final class EVENTFD {
        static final MethodHandle H = downcall("eventfd",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE);
    }

    private static final class GETRLIMIT {
        static final MethodHandle H = downcall("getrlimit",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CAPTURE);
    }

    private static final class SETRLIMIT {
        static final MethodHandle H = downcall("setrlimit",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CAPTURE);
    }

    private static final class IF_NAMETOINDEX {
        static final MethodHandle H = downcall("if_nametoindex",
                FunctionDescriptor.of(JAVA_INT, ADDRESS), CAPTURE);
    }

    private static final class OPEN {
        static final MethodHandle H = downcall("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), CAPTURE);
    }

    private static final class MOUNT {
        static final MethodHandle H = downcall("mount",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), CAPTURE);
    }

    private static final class SYSCONF {
        static final MethodHandle H = downcall("sysconf",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT), CAPTURE);
    }

    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2;
    public static final int EPOLLIN = 1;
    public static final int EPOLL_CLOEXEC = 0x80000, EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800;
    public static final int RLIMIT_MEMLOCK = 8;
    public static final long SYS_BPF = 321, SYS_PERF_EVENT_OPEN = 298;

    /** epoll_event is packed on x86_64: u32 events, u64 data. */
    public static final long EPOLL_EVENT_SIZE = 12;

    private static final class PageSize {
        static final long VALUE;

        static {
            try {
                VALUE = (long) SYSCONF.H.invokeExact(ERRNO_SLOT.get(), 30 /* _SC_PAGESIZE */);
            } catch (Throwable t) {
                throw new ExceptionInInitializerError(t);
            }
        }
    }

    private Native() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("C library has no " + name));
        return LINKER.downcallHandle(sym, fd, options);
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
            long r = (long) SYSCALL.H.invokeExact(slot, nr, a, b, c, d, e);
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
            int r = (int) CLOSE.H.invokeExact(slot, fd);
            if (r < 0 && errno(slot) != Errno.EINTR) {
                throw SyscallException.of("close(" + fd + ")", errno(slot));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** read(2): bytes read, 0 at end, or minus errno. */
    public static long readRaw(int fd, MemorySegment buf, long len) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            long r = (long) READ.H.invokeExact(slot, fd, buf, len);
            return r < 0 ? -errno(slot) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** write(2): bytes written, or minus errno. */
    public static long writeRaw(int fd, MemorySegment buf, long len) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            long r = (long) WRITE.H.invokeExact(slot, fd, buf, len);
            return r < 0 ? -errno(slot) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** mmap of {@code len} bytes of {@code fd} at {@code offset}, returned as a segment of that size. */
    public static MemorySegment mmap(String op, long len, int prot, int fd, long offset) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            MemorySegment p = (MemorySegment) MMAP.H.invokeExact(slot, MemorySegment.NULL, len, prot, MAP_SHARED, fd, offset);
            if (p.address() == -1L) {
                throw SyscallException.of(op, errno(slot));
            }
            return p.reinterpret(len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void munmap(MemorySegment seg) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int r = (int) MUNMAP.H.invokeExact(slot, seg, seg.byteSize());
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
            int r = (int) IOCTL.H.invokeExact(slot, fd, request, arg);
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
            int r = (int) EPOLL_CREATE1.H.invokeExact(slot, EPOLL_CLOEXEC);
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
            int r = (int) EPOLL_CTL.H.invokeExact(slot, epfd, EPOLL_CTL_ADD, fd, ev);
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
            int r = (int) EPOLL_WAIT.H.invokeExact(slot, epfd, events, max, timeoutMillis);
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
            int r = (int) EVENTFD.H.invokeExact(slot, 0, flags);
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
            int r = (int) GETRLIMIT.H.invokeExact(slot, resource, rl);
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
            int r = (int) SETRLIMIT.H.invokeExact(slot, resource, rl);
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
            int r = (int) OPEN.H.invokeExact(slot, a.allocateFrom(path), flags, 0);
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
            int r = (int) MOUNT.H.invokeExact(slot, a.allocateFrom(source), a.allocateFrom(target),
                    a.allocateFrom(fstype), flags, MemorySegment.NULL);
            if (r < 0) {
                throw SyscallException.of("mount " + fstype + " on " + target, errno(slot));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
