package dev.ebee.link;

import dev.ebee.EbeeException;

import java.util.ArrayList;
import java.util.List;

/**
 * One argument of a USDT probe, as the assembler wrote it in the probe's note ({@code SIZE@OPERAND},
 * x86-64 AT&amp;T syntax) and as a BPF program evaluates it from the probe's registers: a constant
 * ({@code -4@$5}), a register ({@code -4@%eax}, any width), or memory at a register plus a
 * displacement, optionally plus an index register times a scale ({@code 8@-24(%rbp)},
 * {@code 8@16(%rsp,%rbx,8)}).
 *
 * @param size     the argument's width in bytes: 1, 2, 4 or 8
 * @param signed   whether it is sign-extended to 64 bits (a negative size in the note)
 * @param kind     where the value is
 * @param value    the constant, or the memory operand's displacement
 * @param register the register (without {@code %}) for REGISTER and MEMORY, else null
 * @param index    the index register of a base+index*scale operand, else null
 * @param scale    the index's scale (1, 2, 4 or 8), 0 without an index
 * @param text     the operand as written, for messages
 */
public record UsdtArgument(int size, boolean signed, Kind kind, long value, String register, String index, int scale,
                           String text) {
    /** Where an argument's value lives. */
    public enum Kind {
        /** The value itself: {@code $5}. */
        CONSTANT,
        /** A register's low {@code size} bytes: {@code %eax}. */
        REGISTER,
        /** {@code size} bytes in the traced process's memory at register + displacement [+ index*scale]. */
        MEMORY
    }

    /** The pt_regs offset of {@link #register()} (x86-64), or -1 for a constant. */
    public int registerOffset() {
        return register == null ? -1 : PtRegs.offset(register);
    }

    /** The pt_regs offset of {@link #index()}, or -1 without an index. */
    public int indexOffset() {
        return index == null ? -1 : PtRegs.offset(index);
    }

    /** All arguments of a probe: its note's argument string, operands separated by spaces. */
    public static List<UsdtArgument> parseAll(String arguments) {
        List<UsdtArgument> out = new ArrayList<>();
        for (String s : arguments.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(parse(s));
            }
        }
        return List.copyOf(out);
    }

    /**
     * One argument, {@code SIZE@OPERAND} (a bare operand is taken as 8 bytes unsigned, as older
     * assemblers left the size out).
     *
     * @throws EbeeException for an operand a uprobe program cannot evaluate (a high-byte register,
     *                       a symbol-relative address, a floating-point register, ...), naming it
     */
    public static UsdtArgument parse(String arg) {
        int at = arg.indexOf('@');
        int size = 8;
        boolean signed = false;
        String op = arg;
        if (at >= 0) {
            String sz = arg.substring(0, at);
            signed = sz.startsWith("-");
            size = switch (signed ? sz.substring(1) : sz) {
                case "1" -> 1;
                case "2" -> 2;
                case "4" -> 4;
                case "8" -> 8;
                default -> throw bad(arg, "the size must be 1, 2, 4 or 8 bytes, optionally negative for signed");
            };
            op = arg.substring(at + 1);
        }
        if (op.startsWith("$")) {
            return new UsdtArgument(size, signed, Kind.CONSTANT, number(arg, op.substring(1)), null, null, 0, arg);
        }
        if (op.startsWith("%")) {
            return new UsdtArgument(size, signed, Kind.REGISTER, 0, register(arg, op), null, 0, arg);
        }
        int open = op.indexOf('(');
        if (open < 0 || !op.endsWith(")")) {
            throw bad(arg, "expected $CONSTANT, %REGISTER or DISPLACEMENT(%REGISTER[,%INDEX,SCALE])");
        }
        long disp = open == 0 ? 0 : number(arg, op.substring(0, open));
        String[] parts = op.substring(open + 1, op.length() - 1).split(",", -1);
        String base = register(arg, parts[0].trim());
        if (parts.length == 1) {
            return new UsdtArgument(size, signed, Kind.MEMORY, disp, base, null, 0, arg);
        }
        if (parts.length != 3) {
            throw bad(arg, "a memory operand is (%BASE) or (%BASE,%INDEX,SCALE)");
        }
        String idx = register(arg, parts[1].trim());
        int scale = switch (parts[2].trim()) {
            case "1" -> 1;
            case "2" -> 2;
            case "4" -> 4;
            case "8" -> 8;
            default -> throw bad(arg, "the scale must be 1, 2, 4 or 8");
        };
        return new UsdtArgument(size, signed, Kind.MEMORY, disp, base, idx, scale, arg);
    }

    private static String register(String arg, String op) {
        if (!op.startsWith("%")) {
            throw bad(arg, "'" + op + "' is not a register");
        }
        String name = op.substring(1);
        if (name.equals("rip")) {
            throw bad(arg, "%rip (an operand relative to the program counter) is not supported by usdt.bpf.h's spec");
        }
        if (name.matches("[abcd]h")) {
            throw bad(arg, "%" + name + " is a high-byte register, which a probe's argument spec cannot read");
        }
        if (PtRegs.offset(name) < 0) {
            throw bad(arg, "%" + name + " is not an x86-64 general-purpose register");
        }
        return name;
    }

    private static long number(String arg, String s) {
        try {
            boolean neg = s.startsWith("-");
            String digits = neg || s.startsWith("+") ? s.substring(1) : s;
            long v = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseUnsignedLong(digits.substring(2), 16)
                    : Long.parseLong(digits);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw bad(arg, "'" + s + "' is not a number (a symbol's address cannot be evaluated at the probe)");
        }
    }

    private static EbeeException bad(String arg, String why) {
        return new EbeeException("unsupported USDT argument '" + arg + "': " + why,
                "this probe's argument cannot be read; the other arguments and probes still can");
    }

    @Override
    public String toString() {
        return text;
    }
}
