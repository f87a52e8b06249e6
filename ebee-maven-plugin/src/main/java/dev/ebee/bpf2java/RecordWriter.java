package dev.ebee.bpf2java;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.ebee.bpf2java.JavaTypes.declaration;
import static dev.ebee.bpf2java.JavaTypes.hasArrays;
import static dev.ebee.bpf2java.JavaTypes.isPrimitive;
import static dev.ebee.bpf2java.JavaTypes.isString;
import static dev.ebee.bpf2java.JavaTypes.isTextBytes;
import static dev.ebee.bpf2java.SourceWriter.esc;
import static dev.ebee.bpf2java.SourceWriter.quote;
import static dev.ebee.bpf2java.ValueCode.plus;

/**
 * Writes the record of a C struct or union: what user space reads events and map values as.
 * A struct becomes a record of its members with {@code decode}/{@code encode} at the C offsets and
 * static {@code memberAt(segment, offset)} readers for callbacks that must not allocate; a union
 * becomes a record holding its bytes, with a view accessor and a factory per member.
 */
final class RecordWriter {
    private final JavaTypes types;
    private final ValueCode values;

    RecordWriter(JavaTypes types, ValueCode values) {
        this.types = types;
        this.values = values;
    }

    void struct(SourceWriter w, CType.Struct s, String name) {
        List<JavaTypes.Field> fields = JavaTypes.fields(s, s.cName());
        List<String> doc = docOpening(s, "a record: {@link #decode(MemorySegment)} reads one",
                "(little endian, at the offsets of the object's BTF), {@link #encode(MemorySegment)} writes one.");
        for (JavaTypes.Field f : fields) {
            doc.add("@param " + f.component() + " " + memberDoc(f));
        }
        w.doc(doc.toArray(String[]::new));
        List<String> comps = new ArrayList<>();
        for (JavaTypes.Field f : fields) {
            comps.add(types.componentType(f) + " " + f.component());
        }
        String header = "public record " + name + "(" + String.join(", ", comps) + ") {";
        if (header.length() <= 100) {
            w.line(header);
        } else {
            w.raw("public record " + name + "(");
            for (int i = 0; i < comps.size(); i++) {
                w.raw("        " + comps.get(i) + (i == comps.size() - 1 ? ") {" : ","));
            }
            w.indent();
        }
        size(w, s);
        memberOffsets(w, s, fields);
        boolean arrays = fields.stream().anyMatch(f -> hasArrays(types.componentType(f)));
        boolean needsCheck = fields.stream().anyMatch(f -> !isPrimitive(types.componentType(f)));
        if (needsCheck) {
            w.blank();
            w.doc("Checks that no component is null and that arrays have their C lengths.");
            w.line("public " + name + " {");
            for (JavaTypes.Field f : fields) {
                values.requireValid(w, f.type(), types.componentType(f), f.component(), f.component());
            }
            w.line("}");
        }
        openDecode(w, name, s.cName());
        List<String> args = new ArrayList<>();
        for (JavaTypes.Field f : fields) {
            String off = plus("offset", String.valueOf(f.bitOffset() / 8));
            if (f.member().isBitfield()) {
                w.line(types.componentType(f) + " " + f.component() + " = " + readBits(f, off) + ";");
            } else {
                values.declareDecoded(w, f.type(), types.componentType(f), "segment", off, f.component());
            }
            args.add(f.component());
        }
        w.line("return new " + name + "(" + String.join(", ", args) + ");");
        w.line("}");
        openEncode(w, s.cName(), "; padding is zeroed");
        w.line("segment.asSlice(offset, SIZE).fill((byte) 0);");
        for (JavaTypes.Field f : fields) {
            String off = plus("offset", String.valueOf(f.bitOffset() / 8));
            if (f.member().isBitfield()) {
                w.line(writeBits(f, off) + ";");
            } else {
                values.encode(w, f.type(), "segment", off, f.component(), 0);
            }
        }
        w.line("}");
        w.blank();
        toSegment(w);
        scalarReaders(w, s, fields);
        textAccessors(w, fields);
        for (JavaTypes.Field f : fields) {
            if (f.type() instanceof CType.Enum e) {
                w.blank();
                w.method("{@link #" + f.component() + "()} as a {@link " + types.name(e) + "} constant, or null when the C value has none.",
                        "public " + types.name(e) + " " + f.component() + "AsEnum()", "return " + types.name(e) + ".of(" + f.component() + ");");
            }
        }
        if (arrays) {
            arrayAwareObjectMethods(w, name, fields);
        }
        w.line("}");
    }

    void union(SourceWriter w, CType.Struct s, String name) {
        List<JavaTypes.Field> fields = JavaTypes.fields(s, s.cName());
        List<String> doc = docOpening(s, "a view over its bytes: one accessor per member reads",
                "the bytes as that member, one factory per member writes a member into a new value.");
        for (JavaTypes.Field f : fields) {
            doc.add("{@link #" + f.component() + "()}: " + memberDoc(f) + "<br>");
        }
        doc.add("");
        doc.add("@param bytes the union's " + s.size() + " bytes");
        w.doc(doc.toArray(String[]::new));
        w.line("public record " + name + "(byte[] bytes) {");
        size(w, s);
        w.blank();
        w.doc("Checks that {@code bytes} is the union's size.");
        w.line("public " + name + " {");
        w.line("Objects.requireNonNull(bytes, \"bytes\");");
        w.line("if (bytes.length != SIZE) {");
        w.line("throw new IllegalArgumentException(\"" + s.cName() + " has \" + SIZE + \" bytes, not \" + bytes.length);");
        w.line("}");
        w.line("}");
        openDecode(w, name, s.cName());
        w.line("return new " + name + "(segment.asSlice(offset, SIZE).toArray(I8));");
        w.line("}");
        openEncode(w, s.cName(), "");
        w.line("MemorySegment.copy(bytes, 0, segment, I8, offset, (int) SIZE);");
        w.line("}");
        w.blank();
        toSegment(w);
        for (JavaTypes.Field f : fields) {
            String t = types.componentType(f);
            String off = String.valueOf(f.bitOffset() / 8);
            w.blank();
            w.doc("The bytes read as " + memberDoc(f) + ".");
            w.line("public " + t + " " + f.component() + "() {");
            w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
            if (f.member().isBitfield()) {
                w.line("return " + readBits(f, off) + ";");
            } else {
                values.returnDecoded(w, f.type(), t, "segment", off);
            }
            w.line("}");
            w.blank();
            String factory = "of" + Character.toUpperCase(f.component().charAt(0)) + f.component().substring(1);
            w.doc("A value holding {@code " + f.component() + "} in member " + f.cName() + ", the other bytes zero.");
            w.line("public static " + name + " " + factory + "(" + t + " " + f.component() + ") {");
            ValueCode.requireNonNull(w, t, f.component());
            w.line("byte[] bytes = new byte[(int) SIZE];");
            w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
            if (f.member().isBitfield()) {
                w.line(writeBits(f, off) + ";");
            } else {
                ValueCode.checkLength(w, f.type(), f.component(), f.component(), 0);
                values.encode(w, f.type(), "segment", off, f.component(), 0);
            }
            w.line("return new " + name + "(bytes);");
            w.line("}");
        }
        w.blank();
        w.line("@Override");
        w.line("public boolean equals(Object o) {");
        w.line("return o instanceof " + name + " other && Arrays.equals(bytes, other.bytes);");
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public int hashCode() {");
        w.line("return Arrays.hashCode(bytes);");
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public String toString() {");
        w.line("return \"" + name + "\" + Arrays.toString(bytes);");
        w.line("}");
        w.line("}");
    }

    /** The first paragraph of a record's documentation: the C type, its size, and how the record holds it. */
    private static List<String> docOpening(CType.Struct s, String how, String more) {
        List<String> doc = new ArrayList<>();
        doc.add("{@code " + s.cName() + "}, " + s.size() + " bytes, as " + how);
        doc.add(more);
        doc.add("");
        return doc;
    }

    private static void size(SourceWriter w, CType.Struct s) {
        w.doc("Size of {@code " + s.cName() + "} in bytes.");
        w.line("public static final long SIZE = " + s.size() + ";");
    }

    /**
     * {@code decode(segment)}, which reads at offset 0, and the opening of
     * {@code decode(segment, offset)} up to its size check (records and unions alike).
     */
    private static void openDecode(SourceWriter w, String name, String cName) {
        w.blank();
        w.method("Reads one from the start of {@code segment}.", "public static " + name + " decode(MemorySegment segment)",
                "return decode(segment, 0);");
        w.blank();
        w.doc("Reads one at {@code offset} in {@code segment}.");
        w.line("public static " + name + " decode(MemorySegment segment, long offset) {");
        w.line("checkSize(segment, offset, SIZE, " + quote(cName) + ");");
    }

    /** The same for {@code encode}; {@code docTail} ends both methods' first doc sentence. */
    private static void openEncode(SourceWriter w, String cName, String docTail) {
        w.blank();
        w.method("Writes this at the start of {@code segment}" + docTail + ".", "public void encode(MemorySegment segment)",
                "encode(segment, 0);");
        w.blank();
        w.doc("Writes this at {@code offset} in {@code segment}" + docTail + ".");
        w.line("public void encode(MemorySegment segment, long offset) {");
        w.line("checkSize(segment, offset, SIZE, " + quote(cName) + ");");
    }

    private static void toSegment(SourceWriter w) {
        w.method("This encoded in a new segment of {@code arena}.", "public MemorySegment toSegment(Arena arena)",
                "MemorySegment segment = arena.allocate(SIZE, 8);", "encode(segment, 0);", "return segment;");
    }

    /**
     * {@code COMM_OFFSET}: the byte offset of each member that is not a bitfield, for readers of
     * what a record does not model (the packed strings of a variable-length tail, say).
     */
    private static void memberOffsets(SourceWriter w, CType.Struct s, List<JavaTypes.Field> fields) {
        Set<String> taken = new java.util.HashSet<>(Set.of("SIZE"));
        for (JavaTypes.Field f : fields) {
            String constant = Names.upperSnake(f.component()) + "_OFFSET";
            if (f.member().isBitfield() || !taken.add(constant)) {
                continue;
            }
            w.doc("Offset of {@code " + esc(declaration(f.type(), f.cName())) + "} in {@code " + esc(s.cName()) + "}.");
            w.line("public static final long " + constant + " = " + f.bitOffset() / 8 + ";");
        }
    }

    /**
     * Static readers of the scalar members at an offset, {@code pidAt(segment, offset)}: what an
     * event callback reads without decoding (and allocating) a record.
     */
    private void scalarReaders(SourceWriter w, CType.Struct s, List<JavaTypes.Field> fields) {
        Set<String> taken = new java.util.HashSet<>();
        for (JavaTypes.Field f : fields) {
            taken.add(f.component());
        }
        for (JavaTypes.Field f : fields) {
            boolean scalar = f.member().isBitfield() || f.type() instanceof CType.Int || f.type() instanceof CType.Enum
                    || f.type() instanceof CType.Float || f.type() instanceof CType.Pointer;
            boolean text = isTextBytes(f);
            boolean string = text || !f.member().isBitfield() && f.type() instanceof CType.Array a && isString(a);
            String method = f.component() + "At";
            if (!(scalar || string) || taken.contains(method) || Set.of("decodeAt", "encodeAt", "toSegmentAt").contains(method)) {
                continue;
            }
            String t = text ? "String" : types.componentType(f);
            String off = plus("offset", String.valueOf(f.bitOffset() / 8));
            w.blank();
            w.doc("Reads " + memberDoc(f) + " of the {@code " + esc(s.cName()) + "} at {@code offset}, without decoding the rest"
                    + (string ? " (allocates only the String" : " (no allocation")
                    + ", no size check beyond the segment's own).");
            w.line("public static " + t + " " + method + "(MemorySegment segment, long offset) {");
            if (f.member().isBitfield()) {
                w.line("return " + readBits(f, off) + ";");
            } else if (text) {
                w.line("return " + textOf(f, "segment", off) + ";");
            } else {
                values.returnDecoded(w, f.type(), t, "segment", off);
            }
            w.line("}");
        }
    }

    /**
     * {@code commText()} for each unsigned byte array that holds text by its name
     * ({@link JavaTypes#isTextBytes}): the bytes up to the first NUL, as UTF-8.
     */
    private static void textAccessors(SourceWriter w, List<JavaTypes.Field> fields) {
        Set<String> taken = new java.util.HashSet<>();
        for (JavaTypes.Field f : fields) {
            taken.add(f.component());
        }
        for (JavaTypes.Field f : fields) {
            String method = f.component() + "Text";
            if (isTextBytes(f) && taken.add(method)) {
                w.blank();
                w.method("{@link #" + f.component() + "()} as text: up to the first NUL (at most "
                        + ((CType.Array) f.type()).length() + " bytes), UTF-8, malformed bytes replaced.",
                        "public String " + method + "()", "return " + textOf(f, "MemorySegment.ofArray(" + f.component() + ")", "0") + ";");
            }
        }
    }

    /** The expression reading text-holding byte array {@code f} at {@code seg + off} as a String. */
    private static String textOf(JavaTypes.Field f, String seg, String off) {
        return "readString(" + seg + ", " + off + ", " + ((CType.Array) f.type()).length() + ")";
    }

    private String readBits(JavaTypes.Field f, String off) {
        boolean signed = f.type() instanceof CType.Int i ? i.signed() : ((CType.Enum) f.type()).signed();
        String call = "readBits(segment, " + off + ", " + (f.bitOffset() % 8) + ", " + f.member().bitSize() + ", " + signed + ")";
        return switch (types.componentType(f)) {
            case "boolean" -> call + " != 0";
            case "int" -> "(int) " + call;
            default -> call;
        };
    }

    private String writeBits(JavaTypes.Field f, String off) {
        String v = types.componentType(f).equals("boolean") ? "(" + f.component() + " ? 1L : 0L)" : f.component();
        return "writeBits(segment, " + off + ", " + (f.bitOffset() % 8) + ", " + f.member().bitSize() + ", " + v + ")";
    }

    /** The kernel's typedefs of big-endian integers (linux/types.h). */
    private static final Set<String> NETWORK_ORDER = Set.of("__be16", "__be32", "__be64");

    private static String memberDoc(JavaTypes.Field f) {
        StringBuilder sb = new StringBuilder("{@code ").append(esc(declaration(f.type(), f.cName()))).append('}');
        if (f.member().isBitfield()) {
            sb.append(", bits ").append(f.bitOffset()).append("..").append(f.bitOffset() + f.member().bitSize() - 1);
        } else {
            sb.append(" at offset ").append(f.bitOffset() / 8);
        }
        CType t = f.type();
        if (t instanceof CType.Int i && !i.signed() && !i.isBool() && !f.member().isBitfield()) {
            sb.append(switch (i.size()) {
                case 1, 2 -> " (unsigned, zero-extended)";
                case 4 -> " (unsigned, zero-extended; the encoder keeps the low 32 bits)";
                case 8 -> " (unsigned: read it with Long.toUnsignedString/compareUnsigned)";
                default -> "";
            });
        }
        if (t instanceof CType.Int i && NETWORK_ORDER.contains(i.cName())) {
            // the decoders read the machine's order, so the value holds the wire bytes swapped
            sb.append(" (network byte order: the value holds its bytes as stored; the number is {@code ")
                    .append(i.size() == 2 ? "Short" : i.size() == 4 ? "Integer" : "Long").append(".reverseBytes}")
                    .append(i.size() == 8 ? "" : " of its low " + i.size() * 8 + " bits").append(")");
        }
        if (t instanceof CType.Enum e) {
            sb.append(" (the C value; see {@link #").append(f.component()).append("AsEnum()})");
        }
        if (t instanceof CType.Pointer) {
            sb.append(" (an address)");
        }
        if (t instanceof CType.Array a && isString(a)) {
            sb.append(" (up to the first NUL, UTF-8; encoded truncated to ").append(a.length()).append(" bytes)");
        }
        if (isTextBytes(f)) {
            sb.append(" (text by its name: see {@link #").append(f.component()).append("Text()})");
        }
        return sb.toString();
    }

    /** equals, hashCode and toString that compare and print array components by content. */
    private void arrayAwareObjectMethods(SourceWriter w, String name, List<JavaTypes.Field> fields) {
        w.blank();
        w.line("@Override");
        w.line("public boolean equals(Object o) {");
        List<String> eq = new ArrayList<>();
        List<String> hash = new ArrayList<>();
        List<String> str = new ArrayList<>();
        for (JavaTypes.Field f : fields) {
            String t = types.componentType(f);
            String c = f.component();
            boolean deep = t.indexOf("[]") != t.lastIndexOf("[]") || hasArrays(t) && !isPrimitive(t.substring(0, t.length() - 2));
            if (isTextBytes(f)) {
                eq.add("Arrays.equals(" + c + ", other." + c + ")");
                hash.add("Arrays.hashCode(" + c + ")");
                str.add(textOf(f, "MemorySegment.ofArray(" + c + ")", "0")); // shown as the text it holds
            } else if (hasArrays(t)) {
                eq.add("Arrays." + (deep ? "deepEquals" : "equals") + "(" + c + ", other." + c + ")");
                hash.add("Arrays." + (deep ? "deepHashCode" : "hashCode") + "(" + c + ")");
                str.add("Arrays." + (deep ? "deepToString" : "toString") + "(" + c + ")");
            } else {
                eq.add(switch (t) {
                    case "float" -> "Float.compare(" + c + ", other." + c + ") == 0";
                    case "double" -> "Double.compare(" + c + ", other." + c + ") == 0";
                    case "boolean", "byte", "short", "int", "long" -> c + " == other." + c;
                    default -> c + ".equals(other." + c + ")";
                });
                hash.add(c);
                str.add(c);
            }
        }
        w.line("return o instanceof " + name + " other");
        for (int i = 0; i < eq.size(); i++) {
            w.raw("        && " + eq.get(i) + (i == eq.size() - 1 ? ";" : ""));
        }
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public int hashCode() {");
        w.line("return Objects.hash(" + String.join(", ", hash) + ");");
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public String toString() {");
        w.line("return \"" + name + "[\"");
        for (int i = 0; i < fields.size(); i++) {
            w.raw("        + \"" + (i == 0 ? "" : ", ") + fields.get(i).component() + "=\" + " + str.get(i)
                    + (i == fields.size() - 1 ? " + \"]\";" : ""));
        }
        if (fields.isEmpty()) {
            w.raw("        + \"]\";");
        }
        w.line("}");
    }
}
