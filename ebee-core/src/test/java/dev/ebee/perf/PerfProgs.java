package dev.ebee.perf;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.ProgramSpec;
import dev.ebee.ProgramType;
import dev.ebee.asm.Asm;
import dev.ebee.asm.Helper;
import dev.ebee.asm.Insn;
import dev.ebee.internal.sys.Bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static dev.ebee.asm.Op.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Perf event arrays and a program that writes to them, for the reader tests.
 *
 * <p>On this kernel (6.18) a BPF_PROG_TYPE_SYSCALL program cannot use a perf event array (syscall
 * programs are sleepable, and the verifier says "Sleepable programs can only use array, hash,
 * ringbuf and local storage maps"). A BPF_PROG_TYPE_RAW_TRACEPOINT program can, and
 * BPF_PROG_TEST_RUN runs it on a chosen CPU (BPF_F_TEST_RUN_ON_CPU) with its context (the
 * tracepoint's u64 arguments) taken from the caller (Program.testRun has no CPU option, so the
 * run goes through dev.ebee.internal.sys.Bpf here): here count @0, size @8, start @16. It calls
 * {@code bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, buf, size)} count times (at most
 * 256, size at most 64) and returns how many calls succeeded. Sample i has u64 words
 * {@code start + i}, then {@code ((start + i) << 8) | k} for word k.
 */
final class PerfProgs {
    static final int TEST_RUN_ON_CPU = 1;
    static final int MAX_COUNT = 256;

    private PerfProgs() {
    }

    static BpfMap createPerfEventArray(int entries) {
        return BpfMap.create(MapSpec.of("test_pea", MapType.PERF_EVENT_ARRAY, 4, 4, entries));
    }

    static long word(long v, int k) {
        return k == 0 ? v : (v << 8) | k;
    }

    static List<Insn> outputProgram(int mapFd) {
        Asm p = new Asm()
                .mov64Reg(R6, R1)
                .ldx(DW, R7, R6, 0)
                .mov64(R9, 0)
                .jgt(R7, MAX_COUNT, "done")
                .mov64(R8, 0)
                .label("loop")
                .jmpReg(JGE, R8, R7, "done")
                .ldx(DW, R1, R6, 16)
                .add64Reg(R1, R8)
                .stx(DW, R10, -64, R1)
                .alu64(LSH, R1, 8);
        for (int k = 1; k < 8; k++) {
            p.mov64Reg(R2, R1).alu64(OR, R2, k).stx(DW, R10, -64 + 8 * k, R2);
        }
        p.ldx(DW, R5, R6, 8)
                .jgt(R5, 64, "done")
                .mov64Reg(R1, R6)
                .loadMapFd(R2, mapFd)
                .lddw(R3, 0xffffffffL) // BPF_F_CURRENT_CPU
                .mov64Reg(R4, R10)
                .add64(R4, -64)
                .call(Helper.PERF_EVENT_OUTPUT)
                .jne(R0, 0, "next")
                .add64(R9, 1)
                .label("next")
                .add64(R8, 1)
                .ja("loop")
                .label("done")
                .mov64Reg(R0, R9)
                .exit();
        return p.build();
    }

    static Program load(List<Insn> insns) {
        return Program.load(ProgramSpec.of("test_perf_out", ProgramType.RAW_TRACEPOINT, insns, "GPL"));
    }

    /** Runs the program on {@code cpu}; returns the number of samples the kernel accepted. */
    static int run(Program prog, int cpu, int count, int size, long start) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctx = arena.allocate(24, 8);
            ctx.set(JAVA_LONG, 0, count);
            ctx.set(JAVA_LONG, 8, size);
            ctx.set(JAVA_LONG, 16, start);
            MemorySegment a = Bpf.attr(arena);
            a.set(JAVA_INT, Bpf.Attr.TEST_PROG_FD, prog.fd());
            a.set(JAVA_INT, Bpf.Attr.TEST_CTX_SIZE_IN, 24);
            a.set(JAVA_LONG, Bpf.Attr.TEST_CTX_IN, ctx.address());
            a.set(JAVA_INT, Bpf.Attr.TEST_FLAGS, TEST_RUN_ON_CPU);
            a.set(JAVA_INT, Bpf.Attr.TEST_CPU, cpu);
            Bpf.call("BPF_PROG_TEST_RUN", Bpf.PROG_TEST_RUN, a);
            return a.get(JAVA_INT, Bpf.Attr.TEST_RETVAL);
        }
    }
}
