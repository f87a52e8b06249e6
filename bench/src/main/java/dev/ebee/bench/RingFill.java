package dev.ebee.bench;

import dev.ebee.Program;
import dev.ebee.ProgramSpec;
import dev.ebee.ProgramType;
import dev.ebee.asm.Asm;
import dev.ebee.asm.Helper;
import dev.ebee.asm.Insn;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.ebee.asm.Op.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A BPF_PROG_TYPE_SYSCALL program that fills a ring buffer in one BPF_PROG_TEST_RUN: it runs
 * {@code bpf_loop(count)} over {@code bpf_ringbuf_output} of {@code size} bytes (at most 64;
 * word 0 is the iteration number). Context: u32 count @0, u32 size @4, u32 emitted @8 (out),
 * s32 err @12 (out).
 */
final class RingFill {
    static final int CTX_SIZE = 16;

    private RingFill() {
    }

    static List<Insn> program(int mapFd) {
        Asm cb = new Asm()
                .mov64Reg(R6, R2)
                .stx(DW, R10, -64, R1); // word 0: the iteration
        for (int k = 1; k < 8; k++) {
            cb.st(DW, R10, -64 + 8 * k, k);
        }
        cb.ldx(W, R3, R6, 4)
                .mov64(R0, -22)
                .jgt(R3, 64, "fail")
                .loadMapFd(R1, mapFd)
                .mov64Reg(R2, R10)
                .add64(R2, -64)
                .mov64(R4, 0)
                .call(Helper.RINGBUF_OUTPUT)
                .jne(R0, 0, "fail")
                .ldx(W, R1, R6, 8)
                .add64(R1, 1)
                .stx(W, R6, 8, R1)
                .ret(0)
                .label("fail")
                .stx(W, R6, 12, R0)
                .ret(1);
        Asm main = new Asm()
                .lddw(R2, 0) // becomes ld_imm64 r2, PSEUDO_FUNC callback
                .mov64Reg(R6, R1)
                .ldx(DW, R0, R6, 0).stx(DW, R10, -16, R0)
                .ldx(DW, R0, R6, 8).stx(DW, R10, -8, R0)
                .ldx(W, R1, R6, 0)
                .mov64Reg(R3, R10)
                .add64(R3, -16)
                .mov64(R4, 0)
                .call(Helper.LOOP)
                .ldx(DW, R0, R10, -8)
                .stx(DW, R6, 8, R0)
                .ret(0);
        List<Insn> out = new ArrayList<>(main.build());
        out.set(0, new Insn(LD | IMM | DW, R2, PSEUDO_FUNC, (short) 0, out.size() - 1));
        out.addAll(cb.build());
        return out;
    }

    /** BTF for two static functions (main, the bpf_loop callback): the kernel wants func_info for callbacks. */
    static MemorySegment btf(Arena arena) {
        byte[] strings = "\0long\0main\0cb\0a\0b\0".getBytes(StandardCharsets.US_ASCII);
        int[] types = {
                1, 1 << 24, 8, 64,                 // 1: INT long
                0, (13 << 24) | 2, 1, 14, 1, 16, 1, // 2: FUNC_PROTO (long a, long b) -> long
                6, 12 << 24, 4,                    // 3: FUNC main -> 4
                0, (13 << 24) | 1, 1, 14, 1,       // 4: FUNC_PROTO (long a) -> long
                11, 12 << 24, 2,                   // 5: FUNC cb -> 2
        };
        int typeLen = types.length * 4;
        MemorySegment b = arena.allocate(24 + typeLen + strings.length, 8);
        b.set(JAVA_SHORT, 0, (short) 0xeB9F);
        b.set(JAVA_BYTE, 2, (byte) 1);
        b.set(JAVA_INT, 4, 24);
        b.set(JAVA_INT, 12, typeLen);
        b.set(JAVA_INT, 16, typeLen);
        b.set(JAVA_INT, 20, strings.length);
        for (int i = 0; i < types.length; i++) {
            b.set(JAVA_INT, 24 + 4L * i, types[i]);
        }
        MemorySegment.copy(MemorySegment.ofArray(strings), 0, b, 24 + typeLen, strings.length);
        return b;
    }

    static Program load(int mapFd) {
        return loadWithCallback(ProgramSpec.of("bench_rb_fill", ProgramType.SYSCALL, program(mapFd), "GPL")
                .withFlags(Bpf.F_SLEEPABLE));
    }

    /**
     * Loads a program of two static functions (main, then the bpf_loop callback that main's first
     * instruction points to) with the BTF and func_info the kernel wants for the callback.
     */
    static Program loadWithCallback(ProgramSpec spec) {
        int calleeStart = spec.instructions().get(0).imm() + 1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment log = arena.allocate(1 << 16);
            long btfFd = Bpf.btfLoadRaw(btf(arena), log, 1);
            if (btfFd < 0) {
                throw new IllegalStateException("BPF_BTF_LOAD failed with errno " + -btfFd + ": " + log.getString(0));
            }
            try (Fd btf = Fd.own((int) btfFd, "bench BTF")) {
                MemorySegment fi = arena.allocate(16, 8);
                fi.set(JAVA_INT, 0, 0);
                fi.set(JAVA_INT, 4, 3);
                fi.set(JAVA_INT, 8, calleeStart);
                fi.set(JAVA_INT, 12, 5);
                ProgramSpec withInfo = spec.withBtfInfo(new ProgramSpec.BtfInfo(fi.toArray(JAVA_BYTE), 8, 2, new byte[0], 0, 0));
                return Program.load(withInfo, Program.LoadOptions.NONE.withBtfFd(btf.get()));
            }
        }
    }
}
