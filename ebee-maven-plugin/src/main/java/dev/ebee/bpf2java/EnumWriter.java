package dev.ebee.bpf2java;

import java.util.List;
import java.util.Set;

/**
 * Writes the Java enum of a C enum: its constants with their C values and a lookup by value.
 * Records keep the raw C value (a program may store a value the enum does not name); this enum
 * is what their {@code xAsEnum()} accessors return.
 */
final class EnumWriter {
    private EnumWriter() {
    }

    static void write(SourceWriter w, CType.Enum e, String name) {
        w.doc("{@code " + e.cName() + "}: the constants of the C enum with their values.");
        w.line("public enum " + name + " {");
        Names.Scope scope = new Names.Scope(Set.of("VALUES"));
        List<CType.EnumValue> vals = e.values();
        for (int i = 0; i < vals.size(); i++) {
            CType.EnumValue v = vals.get(i);
            w.doc("{@code " + v.name() + " = " + v.value() + "} in C.");
            w.line(scope.claim(Names.constant(v.name()), "_") + "(" + v.value() + "L)" + (i == vals.size() - 1 ? ";" : ","));
        }
        if (vals.isEmpty()) {
            w.line(";");
        }
        w.blank();
        w.line("private static final " + name + "[] VALUES = values();");
        w.line("private final long value;");
        w.blank();
        w.keepingConstructor(name, "long", "value");
        w.blank();
        w.method("The C value.", "public long value()", "return value;");
        w.blank();
        w.doc("The first constant whose C value is {@code value}, or null when there is none.");
        w.line("public static " + name + " of(long value) {");
        w.line("for (" + name + " c : VALUES) {");
        w.line("if (c.value == value) {");
        w.line("return c;");
        w.line("}");
        w.line("}");
        w.line("return null;");
        w.line("}");
        w.line("}");
    }
}
