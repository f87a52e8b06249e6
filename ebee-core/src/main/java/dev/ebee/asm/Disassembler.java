package dev.ebee.asm;

import java.util.List;
import java.util.function.IntFunction;

import static dev.ebee.asm.Op.*;

/** Formats instructions as the kernel's verifier log does ({@code r1 = *(u32 *)(r2 +4)}). */
public final class Disassembler {
    private Disassembler() {
    }

    private static String size(int op) {
        return switch (op & 0x18) {
            case W -> "u32";
            case H -> "u16";
            case B -> "u8";
            default -> "u64";
        };
    }

    /** The verifier's operators of the ALU ops, indexed by op >> 4 (NEG and END are printed apart). */
    private static final String[] ALU_SYMBOLS = {"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", null, "%=", "^=",
            "=", "s>>="};

    /** The verifier's comparisons of the conditional jumps, indexed by op >> 4 (JA, CALL, EXIT are printed apart). */
    private static final String[] JMP_SYMBOLS = {null, "==", ">", ">=", "&", "!=", "s>", "s>=", null, null, "<", "<=",
            "s<", "s<="};

    private static String aluSym(int aluOp) {
        return symbol(ALU_SYMBOLS, aluOp, "?=");
    }

    private static String jmpSym(int jmpOp) {
        return symbol(JMP_SYMBOLS, jmpOp, "?");
    }

    private static String symbol(String[] table, int op, String unknown) {
        int i = op >>> 4;
        return i < table.length && table[i] != null ? table[i] : unknown;
    }

    /**
     * One instruction as text. {@code next} is the following slot for a 64-bit immediate load, or
     * null. Helper calls are named when {@code helperName} knows them.
     */
    public static String format(Insn i, Insn next) {
        return format(i, next, null);
    }

    public static String format(Insn i, Insn next, IntFunction<String> helperName) {
        int op = i.opcode();
        int cls = i.cls();
        String d = "r" + i.dst(), s = "r" + i.src();
        String off = (i.off() >= 0 ? "+" : "") + i.off();
        switch (cls) {
            case ALU64, ALU -> {
                String reg = cls == ALU ? "w" : "r";
                String dd = reg + i.dst();
                int aluOp = op & 0xf0;
                if (aluOp == NEG) {
                    return dd + " = -" + dd;
                }
                if (aluOp == END) {
                    return dd + " = " + ((op & 0x08) == TO_BE ? "be" : "le") + i.imm() + " " + dd;
                }
                String rhs = (op & X) != 0 ? reg + i.src() : Integer.toString(i.imm());
                return dd + " " + aluSym(aluOp) + " " + rhs;
            }
            case LDX -> {
                return d + " = *(" + size(op) + " *)(" + s + " " + off + ")";
            }
            case STX -> {
                if ((op & 0xe0) == ATOMIC) {
                    return "lock *(" + size(op) + " *)(" + d + " " + off + ") atomic(0x" + Integer.toHexString(i.imm())
                            + ") " + s;
                }
                return "*(" + size(op) + " *)(" + d + " " + off + ") = " + s;
            }
            case ST -> {
                return "*(" + size(op) + " *)(" + d + " " + off + ") = " + i.imm();
            }
            case LD -> {
                if (i.isLoadImm64()) {
                    long hi = next == null ? 0 : next.imm();
                    long v = (i.imm() & 0xffffffffL) | (hi << 32);
                    return switch (i.src()) {
                        case PSEUDO_MAP_FD -> d + " = map[fd:" + i.imm() + "]";
                        case PSEUDO_MAP_VALUE -> d + " = map[fd:" + i.imm() + "][0]+" + hi;
                        case PSEUDO_MAP_IDX -> d + " = map[idx:" + i.imm() + "]";
                        case PSEUDO_MAP_IDX_VALUE -> d + " = map[idx:" + i.imm() + "][0]+" + hi;
                        case PSEUDO_BTF_ID -> d + " = btf_id " + i.imm();
                        case PSEUDO_FUNC -> d + " = func " + i.imm();
                        default -> d + " = 0x" + Long.toHexString(v) + " ll";
                    };
                }
                return "ld_abs/ind op 0x" + Integer.toHexString(op);
            }
            case JMP, JMP32 -> {
                int jop = op & 0xf0;
                if (cls == JMP && jop == CALL) {
                    if (i.src() == PSEUDO_CALL) {
                        return "call pc" + (i.imm() >= 0 ? "+" : "") + i.imm();
                    }
                    if (i.src() == PSEUDO_KFUNC_CALL) {
                        return "call kfunc#" + i.imm();
                    }
                    String n = helperName == null ? null : helperName.apply(i.imm());
                    return "call " + (n == null ? "#" + i.imm() : n + "#" + i.imm());
                }
                if (cls == JMP && jop == EXIT) {
                    return "exit";
                }
                if (jop == JA) {
                    return "goto pc" + off;
                }
                String reg = cls == JMP32 ? "w" : "r";
                String rhs = (op & X) != 0 ? reg + i.src() : Integer.toString(i.imm());
                return "if " + reg + i.dst() + " " + jmpSym(jop) + " " + rhs + " goto pc" + off;
            }
            default -> {
                return "op 0x" + Integer.toHexString(op);
            }
        }
    }

    /** A whole program, one numbered line per instruction, as in a verifier log. */
    public static String format(List<Insn> insns) {
        StringBuilder sb = new StringBuilder();
        for (int pc = 0; pc < insns.size(); pc++) {
            Insn i = insns.get(pc);
            Insn next = pc + 1 < insns.size() ? insns.get(pc + 1) : null;
            sb.append(pc).append(": ").append(format(i, next)).append('\n');
            if (i.isLoadImm64()) {
                pc++;
            }
        }
        return sb.toString();
    }
}
