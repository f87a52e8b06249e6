package dev.ebee.asm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One BPF instruction slot (8 bytes): opcode, destination and source registers, offset, immediate.
 * A 64-bit immediate load ({@code lddw}) takes two slots; the second has opcode 0 and carries the
 * upper 32 bits in {@code imm}.
 */
public record Insn(int opcode, int dst, int src, short off, int imm) {
    public static final int SIZE = 8;
    private static final ValueLayout.OfLong LE_LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public Insn {
        if (opcode < 0 || opcode > 0xff || dst < 0 || dst > 15 || src < 0 || src > 15) {
            throw new IllegalArgumentException("bad instruction fields: op=" + opcode + " dst=" + dst + " src=" + src);
        }
    }

    /** The slot as the kernel reads it (little-endian: op, dst:4|src:4, off, imm). */
    public long encode() {
        return (opcode & 0xffL) | ((long) (dst & 0xf) << 8) | ((long) (src & 0xf) << 12)
                | ((off & 0xffffL) << 16) | ((imm & 0xffffffffL) << 32);
    }

    public static Insn decode(long raw) {
        return new Insn((int) (raw & 0xff), (int) ((raw >>> 8) & 0xf), (int) ((raw >>> 12) & 0xf),
                (short) (raw >>> 16), (int) (raw >>> 32));
    }

    /** Reads the slot at {@code offset} of {@code seg}. */
    public static Insn read(MemorySegment seg, long offset) {
        return decode(seg.get(LE_LONG, offset));
    }

    public void write(MemorySegment seg, long offset) {
        seg.set(LE_LONG, offset, encode());
    }

    public int cls() {
        return opcode & 0x07;
    }

    /** The first slot of a 64-bit immediate load. */
    public boolean isLoadImm64() {
        return opcode == (Op.LD | Op.IMM | Op.DW);
    }

    /** A call of a BPF-to-BPF function (pseudo call): target is pc + 1 + imm. */
    public boolean isPseudoCall() {
        return opcode == (Op.JMP | Op.CALL) && src == Op.PSEUDO_CALL;
    }

    /** A call of a kernel helper, by number in imm. */
    public boolean isHelperCall() {
        return opcode == (Op.JMP | Op.CALL) && src == 0;
    }

    public boolean isExit() {
        return opcode == (Op.JMP | Op.EXIT);
    }

    /** A conditional or unconditional jump with a pc-relative offset (not a call, not exit). */
    public boolean isJump() {
        int c = cls();
        if (c != Op.JMP && c != Op.JMP32) {
            return false;
        }
        int o = opcode & 0xf0;
        return o != Op.CALL && o != Op.EXIT;
    }

    public Insn withImm(int newImm) {
        return new Insn(opcode, dst, src, off, newImm);
    }

    public Insn withSrc(int newSrc) {
        return new Insn(opcode, dst, src == newSrc ? src : newSrc, off, imm);
    }

    public Insn withOff(int newOff) {
        return new Insn(opcode, dst, src, (short) newOff, imm);
    }

    @Override
    public String toString() {
        return Disassembler.format(this, null);
    }
}
