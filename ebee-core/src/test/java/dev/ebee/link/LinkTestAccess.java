package dev.ebee.link;

import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;

/** Test helpers of this package, for the tests of other packages. */
public final class LinkTestAccess {
    private LinkTestAccess() {
    }

    public static int kernelBtfId(String name, int kind) {
        return TestBpf.kernelBtfId(name, kind);
    }

    /** Whether a trivial TRACING program with {@code attachType} and target {@code btfId} loads. */
    public static boolean loadsTracing(int attachType, int btfId) {
        try (Fd ignored = TestBpf.prog(TestBpf.PROG_TRACING, attachType, btfId, TestBpf.ret(0))) {
            return true;
        } catch (SyscallException e) {
            return false;
        }
    }
}
