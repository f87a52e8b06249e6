package dev.ebee.bpf2java;

import static dev.ebee.bpf2java.JavaTypes.isBytes;
import static dev.ebee.bpf2java.JavaTypes.isLoopArray;
import static dev.ebee.bpf2java.JavaTypes.isPrimitive;
import static dev.ebee.bpf2java.JavaTypes.isString;
import static dev.ebee.bpf2java.JavaTypes.unsupported;

/**
 * The generated statements that move a value of a C type between a Java variable and a
 * {@code MemorySegment} at an offset, little endian, at the offsets of the object's BTF. Records,
 * map wrappers and variable accessors all read and write through here, so that a C type is
 * encoded one way in the whole binding.
 */
final class ValueCode {
    private final JavaTypes types;

    ValueCode(JavaTypes types) {
        this.types = types;
    }

    /** Statements that read a {@code t} at {@code seg + off} into {@code target} (already declared). */
    void decode(SourceWriter w, CType t, String seg, String off, String target, int depth) {
        if (isLoopArray(t)) {
            CType.Array a = (CType.Array) t;
            String elem = types.javaType(a.element());
            int br = elem.indexOf('[');
            String alloc = br < 0 ? elem + "[" + a.length() + "]" : elem.substring(0, br) + "[" + a.length() + "]" + elem.substring(br);
            w.line(target + " = new " + alloc + ";");
            String i = "i" + depth;
            w.line("for (int " + i + " = 0; " + i + " < " + a.length() + "; " + i + "++) {");
            decode(w, a.element(), seg, plus(off, i + " * " + a.element().byteSize() + "L"), target + "[" + i + "]", depth + 1);
            w.line("}");
        } else {
            w.line(target + " = " + read(t, seg, off, target) + ";");
        }
    }

    /** The expression that reads a {@code t} at {@code seg + off}, for any type but a loop array. */
    private String read(CType t, String seg, String off, String what) {
        return switch (t) {
            case CType.Int i -> readInt(i, seg, off);
            case CType.Enum e -> e.size() == 8 ? seg + ".get(I64, " + off + ")"
                    : readInt(new CType.Int("", e.size(), true, false, false), seg, off);
            case CType.Float f -> seg + ".get(" + (f.size() == 4 ? "F32" : "F64") + ", " + off + ")";
            case CType.Pointer p -> seg + ".get(I64, " + off + ")";
            case CType.Array a when isString(a) -> "readString(" + seg + ", " + off + ", " + a.length() + ")";
            case CType.Array a when isBytes(a) -> "readBytes(" + seg + ", " + off + ", " + a.length() + ")";
            case CType.Array a -> throw new IllegalStateException(a.cName() + " is read in a loop");
            case CType.Struct s -> types.name(s) + ".decode(" + seg + ", " + off + ")";
            case CType.Unsupported u -> throw unsupported(u, what);
        };
    }

    /** Declares {@code javaType name} and reads a {@code t} at {@code seg + off} into it. */
    void declareDecoded(SourceWriter w, CType t, String javaType, String seg, String off, String name) {
        if (isLoopArray(t)) {
            w.line(javaType + " " + name + ";");
            decode(w, t, seg, off, name, 0);
        } else {
            decode(w, t, seg, off, javaType + " " + name, 0);
        }
    }

    /** Returns the {@code t} at {@code seg + off}: in one statement when one expression reads it. */
    void returnDecoded(SourceWriter w, CType t, String javaType, String seg, String off) {
        if (isLoopArray(t)) {
            declareDecoded(w, t, javaType, seg, off, "value");
            w.line("return value;");
        } else {
            w.line("return " + read(t, seg, off, "value") + ";");
        }
    }

    private static String readInt(CType.Int i, String seg, String off) {
        String raw = switch (i.size()) {
            case 1 -> seg + ".get(I8, " + off + ")";
            case 2 -> seg + ".get(I16, " + off + ")";
            case 4 -> seg + ".get(I32, " + off + ")";
            case 8 -> seg + ".get(I64, " + off + ")";
            default -> throw new Bpf2JavaException("bpf2java cannot map the " + (i.size() * 8) + "-bit integer "
                    + i.cName(), "use an integer of 8, 16, 32 or 64 bits");
        };
        return widen(i, raw);
    }

    /** {@code raw}, the integer of {@code i}'s size read as Java reads it, as {@code i}'s Java type: unsigned widened, _Bool a boolean. */
    static String widen(CType.Int i, String raw) {
        if (i.isBool()) {
            return raw + " != 0";
        }
        return switch (JavaTypes.intType(i) + i.size()) {
            case "int1" -> "Byte.toUnsignedInt(" + raw + ")";
            case "int2" -> "Short.toUnsignedInt(" + raw + ")";
            case "long4" -> "Integer.toUnsignedLong(" + raw + ")";
            default -> raw;
        };
    }

    /** Statements that write {@code value} (a Java expression of {@code t}'s type) at {@code seg + off}. */
    void encode(SourceWriter w, CType t, String seg, String off, String value, int depth) {
        switch (t) {
            case CType.Int i -> w.line(writeInt(i.size(), seg, off, i.isBool() ? value + " ? 1 : 0" : value,
                    i.isBool() ? "int" : JavaTypes.intType(i)) + ";");
            case CType.Enum e -> w.line(writeInt(e.size(), seg, off, value, types.javaType(e)) + ";");
            case CType.Float f -> w.line(seg + ".set(" + (f.size() == 4 ? "F32" : "F64") + ", " + off + ", " + value + ");");
            case CType.Pointer p -> w.line(seg + ".set(I64, " + off + ", " + value + ");");
            case CType.Array a when isString(a) -> w.line("writeString(" + seg + ", " + off + ", " + a.length() + ", " + value + ");");
            case CType.Array a when isBytes(a) -> w.line("writeBytes(" + seg + ", " + off + ", " + a.length() + ", " + value + ");");
            case CType.Array a -> {
                String i = "i" + depth;
                w.line("for (int " + i + " = 0; " + i + " < " + a.length() + "; " + i + "++) {");
                encode(w, a.element(), seg, plus(off, i + " * " + a.element().byteSize() + "L"), value + "[" + i + "]", depth + 1);
                w.line("}");
            }
            case CType.Struct s -> w.line(value + ".encode(" + seg + ", " + off + ");");
            case CType.Unsupported u -> throw unsupported(u, value);
        }
    }

    /** Writes {@code value}, a Java {@code javaType}, as a {@code size}-byte integer; casts only when narrowing. */
    private static String writeInt(int size, String seg, String off, String value, String javaType) {
        String[] layout = {"", "I8", "I16", "", "I32", "", "", "", "I64"};
        return seg + ".set(" + layout[size] + ", " + off + ", " + narrow(size, value, javaType) + ")";
    }

    /** {@code value}, a Java {@code javaType}, as the Java integer of {@code size} bytes; cast only when narrowing. */
    static String narrow(int size, String value, String javaType) {
        String[] cast = {"", "byte", "short", "", "int", "", "", "", "long"};
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new Bpf2JavaException("bpf2java cannot map a " + (size * 8) + "-bit integer",
                    "use an integer of 8, 16, 32 or 64 bits");
        }
        return javaType.equals(cast[size]) ? value : "(" + cast[size] + ") " + paren(value);
    }

    private static String paren(String v) {
        return v.matches("[A-Za-z0-9_.\\[\\]]+") ? v : "(" + v + ")";
    }

    /** {@code off + add}, leaving out a zero. */
    static String plus(String off, String add) {
        if (off.equals("0")) {
            return add;
        }
        if (add.equals("0")) {
            return off;
        }
        return off + " + " + add;
    }

    /**
     * The checks of a Java {@code javaType} {@code name} before it is encoded as a {@code t}: not
     * null, and arrays as long as C's ({@code what} names it in the message). Nothing for primitives.
     */
    void requireValid(SourceWriter w, CType t, String javaType, String name, String what) {
        if (!isPrimitive(javaType)) {
            requireNonNull(w, javaType, name);
            checkLength(w, t, name, what, 0);
        }
    }

    /** Checks {@code value}, a Java {@code javaType}, and encodes it as a {@code t} into a new {@code byte[] bytes}. */
    void encodeToBytes(SourceWriter w, CType t, String javaType, String what) {
        requireValid(w, t, javaType, "value", what);
        w.line("byte[] bytes = new byte[" + t.byteSize() + "];");
        w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
        encode(w, t, "segment", "0", "value", 0);
    }

    /** The null check of a Java {@code javaType} {@code name}; nothing for primitives. */
    static void requireNonNull(SourceWriter w, String javaType, String name) {
        if (!isPrimitive(javaType)) {
            w.line("Objects.requireNonNull(" + name + ", " + SourceWriter.quote(name) + ");");
        }
    }

    /** Statements that check the length of the arrays in {@code value} against C's, recursively. */
    static void checkLength(SourceWriter w, CType t, String value, String what, int depth) {
        if (!(t instanceof CType.Array a) || isString(a)) {
            return;
        }
        w.line("if (" + value + ".length != " + a.length() + ") {");
        w.line("throw new IllegalArgumentException(\"" + what + " has " + a.length() + " elements in C, not \" + "
                + value + ".length);");
        w.line("}");
        if (!isBytes(a) && a.element() instanceof CType.Array) {
            String i = "i" + depth;
            w.line("for (int " + i + " = 0; " + i + " < " + a.length() + "; " + i + "++) {");
            checkLength(w, a.element(), value + "[" + i + "]", what, depth + 1);
            w.line("}");
        }
    }
}
