package dev.ebee.asm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ebee.asm.Op.*;

/**
 * A small assembler for hand-written BPF programs: each method appends one instruction (two for
 * {@link #lddw}), jumps go to named labels resolved by {@link #build()}.
 *
 * <pre>{@code
 * List<Insn> prog = new Asm()
 *     .mov64(R0, 0)
 *     .jeq(R1, 0, "out")
 *     .mov64(R0, 1)
 *     .label("out")
 *     .exit()
 *     .build();
 * }</pre>
 */
public final class Asm {
    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final Map<Integer, String> jumpTargets = new HashMap<>();

    public Asm label(String name) {
        if (labels.putIfAbsent(name, insns.size()) != null) {
            throw new IllegalArgumentException("label defined twice: " + name);
        }
        return this;
    }

    public Asm raw(Insn insn) {
        insns.add(insn);
        return this;
    }

    private Asm add(int op, int dst, int src, int off, int imm) {
        insns.add(new Insn(op, dst, src, (short) off, imm));
        return this;
    }

    private Asm jump(int op, int dst, int src, int imm, String target) {
        jumpTargets.put(insns.size(), target);
        return add(op, dst, src, 0, imm);
    }

    // ---- ALU
    public Asm alu64(int aluOp, int dst, int imm) { return add(ALU64 | aluOp | K, dst, 0, 0, imm); }
    public Asm alu64Reg(int aluOp, int dst, int src) { return add(ALU64 | aluOp | X, dst, src, 0, 0); }
    public Asm alu32(int aluOp, int dst, int imm) { return add(ALU | aluOp | K, dst, 0, 0, imm); }
    public Asm alu32Reg(int aluOp, int dst, int src) { return add(ALU | aluOp | X, dst, src, 0, 0); }
    public Asm mov64(int dst, int imm) { return alu64(MOV, dst, imm); }
    public Asm mov64Reg(int dst, int src) { return alu64Reg(MOV, dst, src); }
    public Asm mov32(int dst, int imm) { return alu32(MOV, dst, imm); }
    public Asm add64(int dst, int imm) { return alu64(ADD, dst, imm); }
    public Asm add64Reg(int dst, int src) { return alu64Reg(ADD, dst, src); }

    /** 64-bit immediate load (two slots). */
    public Asm lddw(int dst, long imm) {
        add(LD | IMM | DW, dst, 0, 0, (int) imm);
        return add(0, 0, 0, 0, (int) (imm >>> 32));
    }

    /** Loads a map's address from its fd (lddw with src = BPF_PSEUDO_MAP_FD). */
    public Asm loadMapFd(int dst, int mapFd) {
        add(LD | IMM | DW, dst, PSEUDO_MAP_FD, 0, mapFd);
        return add(0, 0, 0, 0, 0);
    }

    /** Loads the address of {@code offset} in a map's value (src = BPF_PSEUDO_MAP_VALUE). */
    public Asm loadMapValue(int dst, int mapFd, int offset) {
        add(LD | IMM | DW, dst, PSEUDO_MAP_VALUE, 0, mapFd);
        return add(0, 0, 0, 0, offset);
    }

    // ---- memory
    /** dst = *(size *)(src + off). */
    public Asm ldx(int size, int dst, int src, int off) { return add(LDX | MEM | size, dst, src, off, 0); }
    /** *(size *)(dst + off) = src. */
    public Asm stx(int size, int dst, int off, int src) { return add(STX | MEM | size, dst, src, off, 0); }
    /** *(size *)(dst + off) = imm. */
    public Asm st(int size, int dst, int off, int imm) { return add(ST | MEM | size, dst, 0, off, imm); }
    /** Atomic add: *(size *)(dst + off) += src (size W or DW). */
    public Asm atomicAdd(int size, int dst, int off, int src) { return add(STX | ATOMIC | size, dst, src, off, ADD); }

    // ---- jumps
    public Asm ja(String target) { return jump(JMP | JA, 0, 0, 0, target); }
    public Asm jeq(int dst, int imm, String target) { return jump(JMP | JEQ | K, dst, 0, imm, target); }
    public Asm jne(int dst, int imm, String target) { return jump(JMP | JNE | K, dst, 0, imm, target); }
    public Asm jgt(int dst, int imm, String target) { return jump(JMP | JGT | K, dst, 0, imm, target); }
    public Asm jge(int dst, int imm, String target) { return jump(JMP | JGE | K, dst, 0, imm, target); }
    public Asm jlt(int dst, int imm, String target) { return jump(JMP | JLT | K, dst, 0, imm, target); }
    public Asm jmp(int jmpOp, int dst, int imm, String target) { return jump(JMP | jmpOp | K, dst, 0, imm, target); }
    public Asm jmpReg(int jmpOp, int dst, int src, String target) { return jump(JMP | jmpOp | X, dst, src, 0, target); }

    public Asm call(int helper) { return add(JMP | CALL, 0, 0, 0, helper); }
    /** A BPF-to-BPF call of the function at a label. */
    public Asm callLocal(String target) { return jump(JMP | CALL, 0, PSEUDO_CALL, 0, target); }
    public Asm exit() { return add(JMP | EXIT, 0, 0, 0, 0); }

    /** mov r0, value; exit. */
    public Asm ret(int value) { return mov64(R0, value).exit(); }

    /** The instructions, with jump offsets resolved. */
    public List<Insn> build() {
        List<Insn> out = new ArrayList<>(insns);
        for (var e : jumpTargets.entrySet()) {
            int pc = e.getKey();
            Integer target = labels.get(e.getValue());
            if (target == null) {
                throw new IllegalArgumentException("undefined label: " + e.getValue());
            }
            Insn i = out.get(pc);
            int rel = target - pc - 1;
            out.set(pc, i.isPseudoCall() ? i.withImm(rel) : i.withOff(rel));
        }
        return List.copyOf(out);
    }

    /** Encodes instructions into native memory, as BPF_PROG_LOAD wants them. */
    public static MemorySegment encode(List<Insn> insns, Arena arena) {
        MemorySegment seg = arena.allocate((long) insns.size() * Insn.SIZE, 8);
        for (int i = 0; i < insns.size(); i++) {
            insns.get(i).write(seg, (long) i * Insn.SIZE);
        }
        return seg;
    }

    /** Decodes {@code count} instructions from raw bytes. */
    public static List<Insn> decode(MemorySegment seg) {
        int n = (int) (seg.byteSize() / Insn.SIZE);
        List<Insn> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Insn.read(seg, (long) i * Insn.SIZE));
        }
        return out;
    }
}
