package dev.ebee.bpf2java;

import static dev.ebee.bpf2java.JavaTypes.declaration;
import static dev.ebee.bpf2java.SourceWriter.esc;
import static dev.ebee.bpf2java.SourceWriter.quote;

/**
 * Writes the loaded class's accessors of the object's global variables, over
 * {@code dev.ebee.Variable}, the live view of a data section the programs share: a getter and a
 * setter per {@code .data}/{@code .bss} global, atomic add and compare-and-set for its aligned 4-
 * and 8-byte integers, and a getter per {@code .rodata} constant (read-only once loaded). A scalar
 * is read and written in place, with no system call where the kernel maps the section; a struct or
 * an array is copied whole and decoded as map values are.
 */
final class VariableWriter {
    /** {@code Variable}'s accessor suffix by size in bytes. */
    private static final String[] WIDTHS = {"", "Byte", "Short", "", "Int", "", "", "", "Long"};

    private final JavaTypes types;
    private final ValueCode values;

    VariableWriter(JavaTypes types, ValueCode values) {
        this.types = types;
        this.values = values;
    }

    /** Getter and setter of a {@code .data}/{@code .bss} global, and its atomic updates when it has them. */
    void global(SourceWriter w, Names.Scope members, BpfObjectModel.Variable v) {
        String t = types.javaType(v.type());
        String getter = members.claim(Names.lowerCamel(v.name()), "Variable");
        String setter = members.claim("set" + Names.upperCamel(v.name()), "_");
        String decl = esc(declaration(v.type(), v.name()));
        w.blank();
        getter(w, v, t, getter, "Reads the global {@code " + decl + "} ({@code " + v.section() + "}) from the loaded object.");
        w.blank();
        w.doc("Writes the global {@code " + decl + "} ({@code " + v.section() + "}) of the loaded object.");
        w.line("public void " + setter + "(" + t + " value) {");
        if (isScalar(v.type())) {
            w.line(variable(v) + ".set" + WIDTHS[(int) v.type().byteSize()] + "(" + scalarBits(v.type(), t) + ");");
        } else {
            values.encodeToBytes(w, v.type(), t, v.name());
            w.line(variable(v) + ".set(bytes);");
        }
        w.line("}");
        if (v.type() instanceof CType.Int i && !i.isBool() && (i.size() == 4 || i.size() == 8) && v.offset() % i.size() == 0) {
            atomics(w, members, v, i, t, decl);
        }
    }

    /** The getter of a {@code .rodata} constant: the value the object was loaded with. */
    void constant(SourceWriter w, Names.Scope members, BpfObjectModel.Variable v) {
        String t = types.javaType(v.type());
        String getter = members.claim(Names.lowerCamel(v.name()), "Constant");
        w.blank();
        getter(w, v, t, getter, "Reads the constant {@code const volatile " + esc(declaration(v.type(), v.name()))
                + "} ({@code " + v.section() + "}) of the loaded object: read-only now, set through {@link Spec} before load.");
    }

    private void getter(SourceWriter w, BpfObjectModel.Variable v, String javaType, String method, String doc) {
        if (isScalar(v.type())) {
            w.method(doc, "public " + javaType + " " + method + "()", "return " + scalarRead(v) + ";");
            return;
        }
        w.doc(doc);
        w.line("public " + javaType + " " + method + "() {");
        w.line("MemorySegment segment = MemorySegment.ofArray(" + variable(v) + ".toByteArray());");
        values.returnDecoded(w, v.type(), javaType, "segment", "0");
        w.line("}");
    }

    /** {@code getAndAddX(delta)} and {@code compareAndSetX(expected, value)}, as the programs' {@code __sync} built-ins. */
    private void atomics(SourceWriter w, Names.Scope members, BpfObjectModel.Variable v, CType.Int i, String t, String decl) {
        String width = WIDTHS[i.size()];
        String upper = Names.upperCamel(v.name());
        String needs = " Needs the section mapped (Linux 5.5+): see {@link dev.ebee.Variable}.";
        w.blank();
        w.method("Atomically adds {@code delta} to the global {@code " + decl + "}, as the programs' "
                        + "{@code __sync_fetch_and_add} does; the previous value." + needs,
                "public " + t + " " + members.claim("getAndAdd" + upper, "_") + "(" + t + " delta)",
                "return " + ValueCode.widen(i, variable(v) + ".getAndAdd" + width + "(" + ValueCode.narrow(i.size(), "delta", t) + ")") + ";");
        w.blank();
        w.method("Atomically sets the global {@code " + decl + "} to {@code value} if it holds {@code expected}; whether it did."
                        + needs,
                "public boolean " + members.claim("compareAndSet" + upper, "_") + "(" + t + " expected, " + t + " value)",
                "return " + variable(v) + ".compareAndSet" + width + "(" + ValueCode.narrow(i.size(), "expected", t) + ", "
                        + ValueCode.narrow(i.size(), "value", t) + ");");
    }

    /** Whether one of {@code Variable}'s typed accessors holds a {@code t}: an integer, enum, float or pointer. */
    private static boolean isScalar(CType t) {
        return t instanceof CType.Int || t instanceof CType.Enum || t instanceof CType.Float || t instanceof CType.Pointer;
    }

    /** The expression reading scalar {@code v} in its Java type, as a decoder of its C type would. */
    private String scalarRead(BpfObjectModel.Variable v) {
        String get = variable(v) + ".get" + WIDTHS[(int) v.type().byteSize()] + "()";
        return switch (v.type()) {
            case CType.Int i -> ValueCode.widen(i, get);
            case CType.Float f -> (f.size() == 4 ? "Float.intBitsToFloat(" : "Double.longBitsToDouble(") + get + ")";
            default -> get; // an enum's raw value, a pointer's address
        };
    }

    /** {@code value}, a Java {@code javaType}, as the bits {@code Variable}'s setter of a {@code t}'s size takes. */
    private static String scalarBits(CType t, String javaType) {
        return switch (t) {
            case CType.Int i when i.isBool() -> ValueCode.narrow(1, "value ? 1 : 0", "int");
            case CType.Float f -> f.size() == 4 ? "Float.floatToRawIntBits(value)" : "Double.doubleToRawLongBits(value)";
            default -> ValueCode.narrow((int) t.byteSize(), "value", javaType);
        };
    }

    private static String variable(BpfObjectModel.Variable v) {
        return "collection.variable(" + quote(v.name()) + ")";
    }
}
