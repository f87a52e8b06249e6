package dev.ebee;

import dev.ebee.asm.Asm;
import dev.ebee.asm.Insn;
import dev.ebee.asm.Op;
import dev.ebee.internal.sys.Native;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier stops with EAGAIN when a signal is pending for the loading thread (a sampling
 * profiler sends one every few milliseconds); {@link Program#load} must load again, as libbpf does.
 */
@Tag("kernel")
class ProgramSignalTest {
    private static final long SYS_GETTID = 186, SYS_TGKILL = 234, SYS_GETPID = 39;
    /** The JVM handles SIGPIPE (and ignores it), so a SIGPIPE is delivered, and pending meanwhile, not discarded. */
    private static final int SIGPIPE = 13;

    /** A socket filter whose bounded loop the verifier walks iteration by iteration. */
    private static ProgramSpec slowToVerify(int iterations) {
        List<Insn> prog = new Asm()
                .mov64(Op.R0, 0)
                .label("loop")
                .add64(Op.R0, 1)
                .jlt(Op.R0, iterations, "loop")
                .mov64(Op.R0, 0)
                .exit()
                .build();
        return ProgramSpec.of("slow_verify", ProgramType.SOCKET_FILTER, prog, "GPL");
    }

    @Test
    void aSignalDuringVerificationDoesNotFailTheLoad() throws Exception {
        Kernel.requireBpf();
        ProgramSpec spec = slowToVerify(150_000);
        long t0 = System.nanoTime();
        Program.load(spec).close();
        long verifyNanos = System.nanoTime() - t0;
        assertThat(verifyNanos).as("verification long enough to be interrupted").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(5));

        AtomicLong tid = new AtomicLong();
        CompletableFuture<Void> loaded = CompletableFuture.runAsync(() -> {
            tid.set(Native.syscallRaw(SYS_GETTID, 0, 0, 0, 0, 0));
            try (Program p = Program.load(spec)) {
                assertThat(p.fd()).isPositive();
            }
        });
        while (tid.get() == 0) {
            Thread.onSpinWait();
        }
        // a signal every third of a verification for about three of them: the first attempts (the
        // load, then the load with a log that follows any failure) are interrupted, later ones not
        long pid = Native.syscallRaw(SYS_GETPID, 0, 0, 0, 0, 0);
        long third = Math.max(1, TimeUnit.NANOSECONDS.toMillis(verifyNanos) / 3);
        for (int i = 0; i < 9 && !loaded.isDone(); i++) {
            Thread.sleep(third);
            assertThat(Native.syscallRaw(SYS_TGKILL, pid, tid.get(), SIGPIPE, 0, 0)).isZero();
        }
        loaded.get(60, TimeUnit.SECONDS);
    }
}
