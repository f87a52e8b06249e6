package dev.ebee.ringbuf;

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
import dev.ebee.internal.sys.Fd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static dev.ebee.asm.Op.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Ring buffer maps and BPF_PROG_TYPE_SYSCALL programs that fill them, for the reader tests.
 *
 * <p>The programs take a 32-byte context: u32 count @0, u32 size @4, u64 start @8, u32 emitted
 * @16 (out), s32 err @20 (out), u32 discardEvery @24, u32 discarded @28 (out). They run
 * {@code bpf_loop(count)} and emit one record per iteration i whose u64 words are
 * {@code start + i} then {@code ((start + i) << 8) | k} for word k.
 */
final class RingProgs {
    static final int CTX_SIZE = 32;

    private RingProgs() {
    }

    static BpfMap createRingBuf(int size) {
        return BpfMap.create(MapSpec.of("test_rb", MapType.RINGBUF, 0, 0, size));
    }

    /** The word k of record value v, as the programs write it. */
    static long word(long v, int k) {
        return k == 0 ? v : (v << 8) | k;
    }

    /** bpf_ringbuf_output of {@code size} (at most 64) bytes per iteration. */
    static List<Insn> outputProgram(int mapFd) {
        Asm cb = new Asm()
                .mov64Reg(R6, R2)
                .mov64Reg(R7, R1)
                .ldx(DW, R8, R6, 8)
                .add64Reg(R8, R7)
                .stx(DW, R10, -64, R8)
                .mov64Reg(R0, R8)
                .alu64(LSH, R0, 8);
        for (int k = 1; k < 8; k++) {
            cb.mov64Reg(R1, R0).alu64(OR, R1, k).stx(DW, R10, -64 + 8 * k, R1);
        }
        cb.ldx(W, R4, R6, 4)
                .mov64(R0, -22)
                .jgt(R4, 64, "fail")
                .loadMapFd(R1, mapFd)
                .mov64Reg(R2, R10)
                .add64(R2, -64)
                .mov64Reg(R3, R4)
                .mov64(R4, 0)
                .call(Helper.RINGBUF_OUTPUT)
                .jne(R0, 0, "fail")
                .ldx(W, R1, R6, 16)
                .add64(R1, 1)
                .stx(W, R6, 16, R1)
                .ret(0)
                .label("fail")
                .stx(W, R6, 20, R0)
                .ret(1);
        return withLoop(cb.build());
    }

    /** bpf_ringbuf_reserve of 48 bytes, discarding iteration i when discardEvery > 0 and i % discardEvery == 0. */
    static List<Insn> reserveProgram(int mapFd) {
        Asm cb = new Asm()
                .mov64Reg(R6, R2)
                .mov64Reg(R7, R1)
                .loadMapFd(R1, mapFd)
                .mov64(R2, 48)
                .mov64(R3, 0)
                .call(Helper.RINGBUF_RESERVE)
                .jne(R0, 0, "got")
                .st(W, R6, 20, -11)
                .ret(1)
                .label("got")
                .mov64Reg(R8, R0)
                .ldx(DW, R1, R6, 8)
                .add64Reg(R1, R7)
                .stx(DW, R8, 0, R1)
                .alu64(LSH, R1, 8);
        for (int k = 1; k < 6; k++) {
            cb.mov64Reg(R2, R1).alu64(OR, R2, k).stx(DW, R8, 8 * k, R2);
        }
        cb.ldx(W, R2, R6, 24)
                .jeq(R2, 0, "submit")
                .mov64Reg(R3, R7)
                .alu64Reg(MOD, R3, R2)
                .jeq(R3, 0, "discard")
                .label("submit")
                .mov64Reg(R1, R8)
                .mov64(R2, 0)
                .call(Helper.RINGBUF_SUBMIT)
                .ldx(W, R1, R6, 16)
                .add64(R1, 1)
                .stx(W, R6, 16, R1)
                .ret(0)
                .label("discard")
                .mov64Reg(R1, R8)
                .mov64(R2, 0)
                .call(Helper.RINGBUF_DISCARD)
                .ldx(W, R1, R6, 28)
                .add64(R1, 1)
                .stx(W, R6, 28, R1)
                .ret(0);
        return withLoop(cb.build());
    }

    /** main: copy ctx to the stack, bpf_loop(count, callback, &copy), copy the outputs back. */
    private static List<Insn> withLoop(List<Insn> callback) {
        Asm main = new Asm()
                .lddw(R2, 0) // placeholder: becomes ld_imm64 r2, PSEUDO_FUNC callback
                .mov64Reg(R6, R1);
        for (int off = 0; off < CTX_SIZE; off += 8) {
            main.ldx(DW, R0, R6, off).stx(DW, R10, -CTX_SIZE + off, R0);
        }
        main.ldx(W, R1, R6, 0)
                .mov64Reg(R3, R10)
                .add64(R3, -CTX_SIZE)
                .mov64(R4, 0)
                .call(Helper.LOOP)
                .ldx(DW, R0, R10, -CTX_SIZE + 16)
                .stx(DW, R6, 16, R0)
                .ldx(DW, R0, R10, -CTX_SIZE + 24)
                .stx(DW, R6, 24, R0)
                .ret(0);
        List<Insn> out = new ArrayList<>(main.build());
        out.set(0, new Insn(LD | IMM | DW, R2, PSEUDO_FUNC, (short) 0, out.size() - 1));
        out.addAll(callback);
        return out;
    }

    /**
     * Minimal BTF for a program of two static functions (main at insn 0, the bpf_loop callback at
     * {@code calleeStart}): the kernel wants func_info once a program has a callback.
     * Types: 1 INT long, 2 FUNC_PROTO(long a, long b) long, 3 FUNC main, 4 FUNC_PROTO(long a) long, 5 FUNC cb.
     */
    private static MemorySegment btf(Arena arena) {
        byte[] strings = "\0long\0main\0cb\0a\0b\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int sLong = 1, sMain = 6, sCb = 11, sA = 14, sB = 16;
        int[] types = {
                sLong, 1 << 24, 8, 64,                       // 1: INT long, size 8, 64 bits
                0, (13 << 24) | 2, 1, sA, 1, sB, 1,          // 2: FUNC_PROTO (long a, long b) -> long
                sMain, 12 << 24, 4,                          // 3: FUNC main (static) -> 4
                0, (13 << 24) | 1, 1, sA, 1,                 // 4: FUNC_PROTO (long a) -> long
                sCb, 12 << 24, 2,                            // 5: FUNC cb (static) -> 2
        };
        int typeLen = types.length * 4;
        MemorySegment b = arena.allocate(24 + typeLen + strings.length, 8);
        b.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) 0xeB9F);
        b.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 2, (byte) 1);
        b.set(JAVA_INT, 4, 24);
        b.set(JAVA_INT, 8, 0);
        b.set(JAVA_INT, 12, typeLen);
        b.set(JAVA_INT, 16, typeLen);
        b.set(JAVA_INT, 20, strings.length);
        for (int i = 0; i < types.length; i++) {
            b.set(JAVA_INT, 24 + 4L * i, types[i]);
        }
        MemorySegment.copy(MemorySegment.ofArray(strings), 0, b, 24 + typeLen, strings.length);
        return b;
    }

    /** Loads a program built by one of the methods above (main, then the callback at {@code calleeStart}). */
    static Program loadSyscallProgram(List<Insn> insns) {
        int calleeStart = insns.get(0).imm() + 1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment log = arena.allocate(1 << 16);
            long btfFd = Bpf.btfLoadRaw(btf(arena), log, 1);
            if (btfFd < 0) {
                throw new AssertionError("BPF_BTF_LOAD failed with errno " + -btfFd + ":\n" + log.getString(0));
            }
            try (Fd btf = Fd.own((int) btfFd, "test program BTF")) {
                MemorySegment funcInfo = arena.allocate(16, 8);
                funcInfo.set(JAVA_INT, 0, 0);
                funcInfo.set(JAVA_INT, 4, 3);
                funcInfo.set(JAVA_INT, 8, calleeStart);
                funcInfo.set(JAVA_INT, 12, 5);
                ProgramSpec spec = ProgramSpec.of("test_rb_fill", ProgramType.SYSCALL, insns, "GPL")
                        .withFlags(Bpf.F_SLEEPABLE)
                        .withBtfInfo(new ProgramSpec.BtfInfo(funcInfo.toArray(JAVA_BYTE), 8, 2, new byte[0], 0, 0));
                return Program.load(spec, Program.LoadOptions.NONE.withBtfFd(btf.get()));
            }
        }
    }

    /** Results of one run: records emitted, error of the helper that stopped the loop, records discarded. */
    record Run(int emitted, int err, int discarded) {
    }

    static Run run(Program prog, int count, int size, long start, int discardEvery) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctx = arena.allocate(CTX_SIZE, 8);
            ctx.set(JAVA_INT, 0, count);
            ctx.set(JAVA_INT, 4, size);
            ctx.set(JAVA_LONG, 8, start);
            ctx.set(JAVA_INT, 24, discardEvery);
            prog.testRun(ctx, Bpf.attr(arena)); // the kernel copies a syscall program's context back
            return new Run(ctx.get(JAVA_INT, 16), ctx.get(JAVA_INT, 20), ctx.get(JAVA_INT, 28));
        }
    }
}
