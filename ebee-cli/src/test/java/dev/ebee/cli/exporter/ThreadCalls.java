package dev.ebee.cli.exporter;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Makes a known number of system calls under a command name of the test's choosing: the calling
 * thread takes the name (prctl PR_SET_NAME names the thread, which is the comm BPF's
 * bpf_get_current_comm reads), calls getppid(2) directly, then takes its old name back. getppid,
 * because the JVM does not call it on a test's thread, so the count under that name is exact.
 */
final class ThreadCalls {
    private static final int PR_SET_NAME = 15;
    private static final int PR_GET_NAME = 16;
    private static final long SYS_GETPPID = 110; // x86-64

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle PRCTL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("prctl"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("syscall"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1)); // syscall(nr, ...): getppid reads no argument, one is passed to be variadic

    private ThreadCalls() {
    }

    /** Calls getppid {@code times} times on this thread while it is named {@code comm} (at most 15 bytes). */
    static void getppid(String comm, int times) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(16);
            check((int) PRCTL.invokeExact(PR_GET_NAME, old), "PR_GET_NAME");
            check((int) PRCTL.invokeExact(PR_SET_NAME, arena.allocateFrom(comm)), "PR_SET_NAME");
            try {
                for (int i = 0; i < times; i++) {
                    check((int) (long) SYSCALL.invokeExact(SYS_GETPPID, 0L), "getppid");
                }
            } finally {
                check((int) PRCTL.invokeExact(PR_SET_NAME, old), "PR_SET_NAME");
            }
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException(what + " failed");
        }
    }
}
