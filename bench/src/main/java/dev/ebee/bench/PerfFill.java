package dev.ebee.bench;

import dev.ebee.Program;
import dev.ebee.ProgramSpec;
import dev.ebee.ProgramType;
import dev.ebee.asm.Asm;
import dev.ebee.asm.Helper;
import dev.ebee.asm.Insn;

import java.util.ArrayList;
import java.util.List;

import static dev.ebee.asm.Op.*;

/**
 * A BPF_PROG_TYPE_RAW_TRACEPOINT program (syscall programs may not use perf event arrays) that
 * writes {@code ctx[0]} 64-byte samples with {@code bpf_perf_event_output(BPF_F_CURRENT_CPU)}
 * from a bpf_loop, in one BPF_PROG_TEST_RUN on a chosen CPU. Returns how many were accepted.
 */
final class PerfFill {
    private PerfFill() {
    }

    static List<Insn> program(int mapFd) {
        // parent stack: -8 ctx pointer, -16 accepted count
        Asm cb = new Asm()
                .mov64Reg(R6, R2)
                .stx(DW, R10, -64, R1);
        for (int k = 1; k < 8; k++) {
            cb.st(DW, R10, -64 + 8 * k, k);
        }
        cb.ldx(DW, R1, R6, 8) // the ctx pointer main spilled (at its fp-8 = r6+8)
                .loadMapFd(R2, mapFd)
                .lddw(R3, 0xffffffffL)
                .mov64Reg(R4, R10)
                .add64(R4, -64)
                .mov64(R5, 64)
                .call(Helper.PERF_EVENT_OUTPUT)
                .jne(R0, 0, "out")
                .ldx(DW, R1, R6, 0)
                .add64(R1, 1)
                .stx(DW, R6, 0, R1)
                .label("out")
                .ret(0);
        Asm main = new Asm()
                .lddw(R2, 0) // becomes ld_imm64 r2, PSEUDO_FUNC callback
                .stx(DW, R10, -8, R1)
                .st(DW, R10, -16, 0)
                .ldx(DW, R1, R1, 0)
                .mov64Reg(R3, R10)
                .add64(R3, -16)
                .mov64(R4, 0)
                .call(Helper.LOOP)
                .ldx(DW, R0, R10, -16)
                .exit();
        List<Insn> out = new ArrayList<>(main.build());
        out.set(0, new Insn(LD | IMM | DW, R2, PSEUDO_FUNC, (short) 0, out.size() - 1));
        out.addAll(cb.build());
        return out;
    }

    static Program load(int mapFd) {
        return RingFill.loadWithCallback(ProgramSpec.of("bench_perf_fill", ProgramType.RAW_TRACEPOINT, program(mapFd), "GPL"));
    }
}
