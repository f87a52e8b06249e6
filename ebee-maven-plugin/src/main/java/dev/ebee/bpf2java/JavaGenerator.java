package dev.ebee.bpf2java;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Java binding for one BPF object: a final class named after the source file with
 * <ul>
 *   <li>a {@code Spec} stage: typed setters for {@code const volatile} globals, map sizes, which
 *       programs load; </li>
 *   <li>the loaded stage: an accessor per program and map, {@code attachAll()}, {@code close()};</li>
 *   <li>a record per struct or union used as a map key or value, an event, or a constant, with a
 *       decoder from and an encoder to a {@code MemorySegment} at explicit little-endian offsets
 *       (no reflection); a Java enum per C enum.</li>
 * </ul>
 *
 * <p>Type mapping, chosen so that every value reads as the number C means:
 * <table>
 *   <tr><th>C</th><th>Java</th></tr>
 *   <tr><td>{@code _Bool}</td><td>{@code boolean}</td></tr>
 *   <tr><td>{@code char}, {@code signed char}, {@code __s8}</td><td>{@code byte}</td></tr>
 *   <tr><td>{@code __u8}, {@code __u16}</td><td>{@code int} (zero-extended)</td></tr>
 *   <tr><td>{@code __s16}</td><td>{@code short}</td></tr>
 *   <tr><td>{@code __s32}, {@code int}</td><td>{@code int}</td></tr>
 *   <tr><td>{@code __u32}</td><td>{@code long} (zero-extended; the encoder writes the low 32 bits)</td></tr>
 *   <tr><td>{@code __s64}, {@code __u64}</td><td>{@code long} ({@code __u64} as its two's-complement bits:
 *       use {@code Long.toUnsignedString})</td></tr>
 *   <tr><td>{@code float}, {@code double}</td><td>{@code float}, {@code double}</td></tr>
 *   <tr><td>pointer</td><td>{@code long} (the address)</td></tr>
 *   <tr><td>{@code char[N]}</td><td>{@code String} (up to the first NUL, UTF-8; encoded truncated to N bytes)</td></tr>
 *   <tr><td>{@code __u8[N]}, {@code __s8[N]}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>other {@code T[N]}</td><td>Java array of T's mapping</td></tr>
 *   <tr><td>struct</td><td>record</td></tr>
 *   <tr><td>union</td><td>record holding the bytes, with a view accessor and a factory per member</td></tr>
 *   <tr><td>enum</td><td>the raw value ({@code int}, or {@code long} for 64-bit enums), plus an
 *       {@code xAsEnum()} accessor returning the Java enum constant or null</td></tr>
 *   <tr><td>bitfield</td><td>{@code int} up to 31 bits, else {@code long}; {@code boolean} for a 1-bit {@code _Bool}</td></tr>
 * </table>
 */
public final class JavaGenerator {
    /** The {@code BPF_MAP_TYPE_*} names, by number, for documentation. */
    static final List<String> MAP_TYPES = List.of("UNSPEC", "HASH", "ARRAY", "PROG_ARRAY", "PERF_EVENT_ARRAY",
            "PERCPU_HASH", "PERCPU_ARRAY", "STACK_TRACE", "CGROUP_ARRAY", "LRU_HASH", "LRU_PERCPU_HASH", "LPM_TRIE",
            "ARRAY_OF_MAPS", "HASH_OF_MAPS", "DEVMAP", "SOCKMAP", "CPUMAP", "XSKMAP", "SOCKHASH", "CGROUP_STORAGE",
            "REUSEPORT_SOCKARRAY", "PERCPU_CGROUP_STORAGE", "QUEUE", "STACK", "SK_STORAGE", "DEVMAP_HASH",
            "STRUCT_OPS", "RINGBUF", "INODE_STORAGE", "TASK_STORAGE", "BLOOM_FILTER", "USER_RINGBUF",
            "CGRP_STORAGE", "ARENA");

    /** Map types whose key and value a user space program can look up, update and delete. */
    static final Set<Integer> TYPED_MAP_TYPES = Set.of(1, 2, 9, 11, 5, 6, 10);

    /** Per-CPU map types: a lookup returns one value per possible CPU. */
    static final Set<Integer> PER_CPU_MAP_TYPES = Set.of(5, 6, 10);

    /** Names the generated class uses itself; a C name that would shadow one gets a suffix. */
    static final Set<String> RESERVED_TYPE_NAMES = Set.of("String", "Object", "Override", "Integer", "Long", "Short",
            "Byte", "Boolean", "Float", "Double", "Math", "Arrays", "Objects", "MemorySegment", "Arena", "ValueLayout",
            "ByteOrder", "StandardCharsets", "Optional", "IllegalArgumentException", "IllegalStateException",
            "Collection", "CollectionSpec", "BpfMap", "Program", "ObjectFile", "InputStream", "IOException",
            "UncheckedIOException", "Spec", "Record", "Enum", "Class", "System", "Thread", "Exception",
            "RuntimeException", "SuppressWarnings", "Deprecated", "Character", "Number", "Iterable", "List",
            "EbeeException", "Void", "Runtime", "StringBuilder", "CharSequence", "Comparable", "AutoCloseable");

    /** Members of the generated class itself; a program or map accessor with such a name gets a suffix. */
    static final Set<String> RESERVED_MEMBERS = Set.of("load", "close", "attachAll", "collection", "spec",
            "objectBytes", "toString", "hashCode", "equals", "getClass", "notify", "notifyAll", "wait", "clone",
            "finalize", "OBJECT_RESOURCE", "checkSize", "readString", "writeString", "readBytes", "writeBytes",
            "readBits", "writeBits");

    private static final String LAYOUTS_MARKER = "// ebee: layouts";

    /** The little-endian layouts the generated code reads and writes with: name, type, value. */
    private static final String[][] LAYOUTS = {
        {"I8", "ValueLayout.OfByte", "ValueLayout.JAVA_BYTE"},
        {"I16", "ValueLayout.OfShort", "ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"I32", "ValueLayout.OfInt", "ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"I64", "ValueLayout.OfLong", "ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"F32", "ValueLayout.OfFloat", "ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"F64", "ValueLayout.OfDouble", "ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
    };

    /** Settings for one generated class. */
    public record Options(String packageName, String className, String resourceName) {
    }

    private final BpfObjectModel model;
    private final Options options;
    /** Struct/union/enum → Java type name, in the order they are emitted. */
    private final Map<CType, String> typeNames = new LinkedHashMap<>();
    private final Names.Scope typeScope;

    public JavaGenerator(BpfObjectModel model, Options options) {
        this.model = model;
        this.options = options;
        this.typeScope = new Names.Scope(RESERVED_TYPE_NAMES);
        typeScope.claim(options.className(), "");
    }

    /** The Java source file. */
    public String generate() {
        collectTypes();
        SourceWriter w = new SourceWriter();
        classDoc(w);
        String cls = options.className();
        w.line("public final class " + cls + " implements AutoCloseable {");
        w.doc("The class-path resource holding the compiled object, next to this class.");
        w.line("public static final String OBJECT_RESOURCE = " + quote(options.resourceName()) + ";");
        w.blank();
        w.line(LAYOUTS_MARKER);
        w.blank();
        w.line("private final Collection collection;");
        w.line("private final List<AutoCloseable> attached = new ArrayList<>();");
        Names.Scope members = new Names.Scope(RESERVED_MEMBERS);
        Map<BpfObjectModel.MapDef, String> mapFields = new LinkedHashMap<>();
        Map<BpfObjectModel.MapDef, String> mapClasses = new LinkedHashMap<>();
        for (BpfObjectModel.MapDef m : model.maps()) {
            String name = members.claim(Names.lowerCamel(m.name()), "Map");
            mapFields.put(m, name);
            if (isTyped(m)) {
                mapClasses.put(m, typeScope.claim(Names.upperCamel(m.name()) + "Map", ""));
                w.line("private final " + mapClasses.get(m) + " " + name + ";");
            }
        }
        Map<BpfObjectModel.Program, String> progMethods = new LinkedHashMap<>();
        for (BpfObjectModel.Program p : model.programs()) {
            progMethods.put(p, members.claim(Names.lowerCamel(p.name()), "Program"));
        }
        w.blank();
        w.line("private " + cls + "(Collection collection) {");
        w.line("this.collection = collection;");
        for (var e : mapClasses.entrySet()) {
            w.line("this." + mapFields.get(e.getKey()) + " = new " + e.getValue() + "(collection.map("
                    + quote(e.getKey().name()) + "));");
        }
        w.line("}");
        w.blank();
        w.doc("Parses the object; change it through the returned spec, then {@link Spec#load()}.");
        w.line("public static Spec spec() {");
        w.line("return new Spec(ObjectFile.fromResource(" + cls + ".class, OBJECT_RESOURCE));");
        w.line("}");
        w.blank();
        w.doc("Loads the object as compiled: {@code spec().load()}.");
        w.line("public static " + cls + " load() {");
        w.line("return spec().load();");
        w.line("}");
        w.blank();
        spec(w, members);
        for (BpfObjectModel.Program p : model.programs()) {
            w.blank();
            w.doc("The program {@code " + p.name() + "}, section {@code " + esc(p.section()) + "}.");
            w.line("public Program " + progMethods.get(p) + "() {");
            w.line("return collection.program(" + quote(p.name()) + ");");
            w.line("}");
        }
        for (BpfObjectModel.MapDef m : model.maps()) {
            w.blank();
            w.doc("The map {@code " + m.name() + "}: " + describe(m) + ".");
            if (mapClasses.containsKey(m)) {
                w.line("public " + mapClasses.get(m) + " " + mapFields.get(m) + "() {");
                w.line("return " + mapFields.get(m) + ";");
            } else {
                w.line("public BpfMap " + mapFields.get(m) + "() {");
                w.line("return collection.map(" + quote(m.name()) + ");");
            }
            w.line("}");
        }
        List<BpfObjectModel.Program> auto = model.programs().stream().filter(p -> autoAttachable(p.section())).toList();
        for (BpfObjectModel.Program p : auto) {
            w.blank();
            w.doc("Attaches {@code " + p.name() + "} where its section {@code " + esc(p.section())
                    + "} says; the link is closed by {@link #close()}, or earlier by the caller.");
            String m = members.claim("attach" + Names.upperCamel(p.name()), "_");
            w.line("public Link " + m + "() {");
            w.line("Link link = collection.attach(" + quote(p.name()) + ");");
            w.line("attached.add(link);");
            w.line("return link;");
            w.line("}");
        }
        List<String> manual = model.programs().stream().filter(p -> !autoAttachable(p.section()))
                .map(p -> "{@code " + p.name() + "} ({@code " + esc(p.section()) + "})").toList();
        w.blank();
        w.doc("Attaches every loaded program whose section names its attach point" + (auto.isEmpty() ? " (this object has none)" : "")
                + ", all or none; the links are closed by {@link #close()}, or earlier by closing the result."
                + (manual.isEmpty() ? "" : "\nNot attached here, their sections name no target: " + String.join(", ", manual) + "."));
        w.line("public Attachments attachAll() {");
        w.line("Attachments attachments = collection.attachAll();");
        w.line("attached.add(attachments);");
        w.line("return attachments;");
        w.line("}");
        for (BpfObjectModel.Variable v : model.globals()) {
            String t = javaType(v.type());
            String getter = members.claim(Names.lowerCamel(v.name()), "Variable");
            String setter = members.claim("set" + Names.upperCamel(v.name()), "_");
            String decl = esc(declaration(v.type(), v.name()));
            w.blank();
            w.doc("Reads the global {@code " + decl + "} ({@code " + v.section() + "}) from the loaded object.");
            w.line("public " + t + " " + getter + "() {");
            w.line("MemorySegment segment = MemorySegment.ofArray(collection.variable(" + quote(v.name()) + ").toByteArray());");
            SourceWriter body = new SourceWriter();
            decode(body, v.type(), "segment", "0", "value", 0);
            String b = body.toString().strip();
            if (!b.contains("\n") && b.startsWith("value = ")) {
                w.line("return " + b.substring("value = ".length()));
            } else {
                w.line(t + " value;");
                decode(w, v.type(), "segment", "0", "value", 0);
                w.line("return value;");
            }
            w.line("}");
            w.blank();
            w.doc("Writes the global {@code " + decl + "} ({@code " + v.section() + "}) of the loaded object.");
            w.line("public void " + setter + "(" + t + " value) {");
            if (!isPrimitive(t)) {
                w.line("Objects.requireNonNull(value, \"value\");");
                checkLength(w, v.type(), "value", v.name(), 0);
            }
            w.line("byte[] bytes = new byte[" + v.type().byteSize() + "];");
            w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
            encode(w, v.type(), "segment", "0", "value", 0);
            w.line("collection.variable(" + quote(v.name()) + ").set(bytes);");
            w.line("}");
        }
        w.blank();
        w.doc("The loaded collection, for what this class does not wrap.");
        w.line("public Collection collection() {");
        w.line("return collection;");
        w.line("}");
        w.blank();
        w.doc("Detaches (closes the links made here) and unloads everything this object loaded.");
        w.line("@Override");
        w.line("public void close() {");
        w.line("try {");
        w.line("for (int i = attached.size() - 1; i >= 0; i--) {");
        w.line("try {");
        w.line("attached.get(i).close();");
        w.line("} catch (Exception e) {");
        w.line("// keep closing: closing the collection releases the programs in any case");
        w.line("}");
        w.line("}");
        w.line("attached.clear();");
        w.line("} finally {");
        w.line("collection.close();");
        w.line("}");
        w.line("}");
        for (var e : mapClasses.entrySet()) {
            w.blank();
            typedMap(w, e.getKey(), e.getValue());
        }
        for (var e : typeNames.entrySet()) {
            w.blank();
            switch (e.getKey()) {
                case CType.Struct s when s.union() -> union(w, s, e.getValue());
                case CType.Struct s -> struct(w, s, e.getValue());
                case CType.Enum en -> enumType(w, en, e.getValue());
                default -> throw new IllegalStateException("not a named type: " + e.getKey());
            }
        }
        helpers(w);
        w.line("}");
        String body = w.toString().replace("\n\n}\n", "\n}\n");
        StringBuilder layouts = new StringBuilder();
        for (String[] l : LAYOUTS) {
            if (java.util.regex.Pattern.compile("(?<![\\w.])" + l[0] + "(?!\\w)").matcher(body).find()) {
                layouts.append("    private static final ").append(l[1]).append(' ').append(l[0]).append(" = ").append(l[2]).append(";\n");
            }
        }
        body = body.replace("    " + LAYOUTS_MARKER + "\n", layouts.toString());
        StringBuilder out = new StringBuilder();
        out.append("// Generated by ebee bpf2java from ").append(model.sourceName()).append(". Do not edit.\n");
        if (!options.packageName().isEmpty()) {
            out.append("package ").append(options.packageName()).append(";\n");
        }
        out.append('\n');
        // only the imports the body uses (comments aside, a simple name followed by a non-identifier character)
        String code = body.replaceAll("(?m)^\\s*(/\\*\\*|\\*).*$", "");
        for (String imp : List.of("dev.ebee.Attachments", "dev.ebee.BpfMap", "dev.ebee.Collection",
                "dev.ebee.CollectionSpec", "dev.ebee.ObjectFile", "dev.ebee.Program", "dev.ebee.link.Link",
                "java.lang.foreign.Arena", "java.lang.foreign.MemorySegment", "java.lang.foreign.ValueLayout",
                "java.nio.ByteOrder", "java.nio.charset.StandardCharsets", "java.util.ArrayList", "java.util.Arrays",
                "java.util.List", "java.util.Objects", "java.util.Optional")) {
            String simple = imp.substring(imp.lastIndexOf('.') + 1);
            if (java.util.regex.Pattern.compile("(?<![\\w.])" + simple + "(?!\\w)").matcher(code).find()) {
                out.append("import ").append(imp).append(";\n");
            }
        }
        return out.append('\n').append(body).toString();
    }

    // ---------------------------------------------------------------------------------------------
    // types

    private void collectTypes() {
        for (BpfObjectModel.MapDef m : model.maps()) {
            if (m.key() != null && isTyped(m)) {
                collect(m.key(), "map " + m.name() + " key", "");
            }
            if (m.value() != null && isTyped(m)) {
                collect(m.value(), "map " + m.name() + " value", "");
            }
        }
        for (CType.Struct s : model.events()) {
            collect(s, "event " + s.cName(), "");
        }
        for (BpfObjectModel.Variable v : model.constants()) {
            collect(v.type(), "constant " + v.name(), Names.upperCamel(v.name()));
        }
        for (BpfObjectModel.Variable v : model.globals()) {
            collect(v.type(), "global " + v.name(), Names.upperCamel(v.name()));
        }
    }

    /** Registers the records and enums {@code t} needs; {@code hint} names an anonymous type. */
    private void collect(CType t, String where, String hint) {
        switch (t) {
            case CType.Struct s -> {
                if (typeNames.containsKey(s)) {
                    return;
                }
                String base = s.name().isEmpty() ? (hint.isEmpty() ? "Anon" : hint) : Names.upperCamel(s.name());
                typeNames.put(s, typeScope.claim(base, s.union() ? "Union" : "Struct"));
                String self = typeNames.get(s);
                int anon = 0;
                for (Field f : fields(s, where)) {
                    String sub = f.member.name().isEmpty() ? self + (f.type instanceof CType.Struct u && u.union() ? "Union" : "Struct") + anon++
                            : self + Names.upperCamel(f.member.name());
                    collect(f.type, where + "." + f.cName(), sub);
                }
            }
            case CType.Enum e -> {
                if (!typeNames.containsKey(e)) {
                    String base = e.name().isEmpty() ? (hint.isEmpty() ? "AnonEnum" : hint) : Names.upperCamel(e.name());
                    typeNames.put(e, typeScope.claim(base, "Enum"));
                }
            }
            case CType.Array a -> collect(a.element(), where, hint);
            case CType.Unsupported u -> throw unsupported(u, where);
            case CType.Int i when i.size() != 1 && i.size() != 2 && i.size() != 4 && i.size() != 8 ->
                    throw unsupported(new CType.Unsupported(i.cName(), i.size() * 8 + "-bit integer"), where);
            default -> {
            }
        }
    }

    static Bpf2JavaException unsupported(CType.Unsupported u, String where) {
        return new Bpf2JavaException("bpf2java cannot map the C type '" + u.cName() + "' (" + u.why() + ") of " + where
                + " to Java", "use an integer, array, struct, union or enum there, or keep the struct out of the generated types");
    }

    /** A struct member as a record component: anonymous structs are flattened, offsets made absolute. */
    private record Field(CType.Member member, CType type, long bitOffset, String component) {
        String cName() {
            return member.name().isEmpty() ? "(anonymous member)" : member.name();
        }
    }

    private List<Field> fields(CType.Struct s, String where) {
        List<Field> out = new ArrayList<>();
        Names.Scope scope = new Names.Scope(s.union() ? Set.of("bytes", "SIZE", "toString", "hashCode", "equals",
                "getClass", "encode", "decode", "toSegment", "notify", "wait") : Set.of("SIZE", "toString", "hashCode",
                "equals", "getClass", "encode", "decode", "toSegment", "notify", "notifyAll", "wait"));
        flatten(s, 0, out, scope, where, new int[1]);
        return out;
    }

    private void flatten(CType.Struct s, long base, List<Field> out, Names.Scope scope, String where, int[] anon) {
        for (CType.Member m : s.members()) {
            if (m.name().isEmpty() && m.type() instanceof CType.Struct inner && !inner.union() && !s.union()) {
                flatten(inner, base + m.bitOffset(), out, scope, where, anon);
                continue;
            }
            if (m.type() instanceof CType.Array a && a.length() == 0) {
                continue; // flexible array member: not part of the fixed layout
            }
            String comp;
            if (m.name().isEmpty()) {
                comp = scope.claim((m.type() instanceof CType.Struct u && u.union() ? "union" : "anon") + anon[0]++, "_");
            } else {
                comp = scope.claim(Names.lowerCamel(m.name()), "_");
            }
            if (m.isBitfield()) {
                if (!(m.type() instanceof CType.Int || m.type() instanceof CType.Enum)) {
                    throw new Bpf2JavaException("bpf2java cannot map bitfield " + where + "." + m.name() + " of type "
                            + m.type().cName(), "use an integer bitfield");
                }
                long shift = (base + m.bitOffset()) % 8;
                if (shift + m.bitSize() > 64) {
                    throw new Bpf2JavaException("bpf2java cannot map bitfield " + where + "." + m.name() + ": "
                            + m.bitSize() + " bits at bit offset " + (base + m.bitOffset()) + " span more than 8 bytes",
                            "use a bitfield of at most 56 bits, or a plain integer");
                }
            }
            out.add(new Field(m, m.type(), base + m.bitOffset(), comp));
        }
    }

    /** Sections {@code Collection.attachAll()} attaches without being told a target: libbpf's auto-attach kinds. */
    static boolean autoAttachable(String section) {
        return dev.ebee.Collection.autoAttachable(section);
    }

    private static boolean isTyped(BpfObjectModel.MapDef m) {
        return TYPED_MAP_TYPES.contains(m.type()) && m.key() != null && m.value() != null;
    }

    /** The Java type of a value of C type {@code t}. */
    private String javaType(CType t) {
        return switch (t) {
            case CType.Int i -> intType(i);
            case CType.Float f -> f.size() == 4 ? "float" : "double";
            case CType.Pointer p -> "long";
            case CType.Enum e -> e.size() == 8 ? "long" : "int";
            case CType.Array a when isString(a) -> "String";
            case CType.Array a when isBytes(a) -> "byte[]";
            case CType.Array a -> javaType(a.element()) + "[]";
            case CType.Struct s -> typeNames.get(s);
            case CType.Unsupported u -> throw unsupported(u, "a value");
        };
    }

    private static String intType(CType.Int i) {
        if (i.isBool()) {
            return "boolean";
        }
        return switch (i.size()) {
            case 1 -> i.signed() || i.isChar() ? "byte" : "int";
            case 2 -> i.signed() ? "short" : "int";
            case 4 -> i.signed() ? "int" : "long";
            case 8 -> "long";
            default -> throw new Bpf2JavaException("bpf2java cannot map the " + (i.size() * 8) + "-bit integer "
                    + i.cName(), "use an integer of 8, 16, 32 or 64 bits");
        };
    }

    private static boolean isString(CType.Array a) {
        return a.element() instanceof CType.Int i && i.size() == 1 && i.isChar();
    }

    private static boolean isBytes(CType.Array a) {
        return a.element() instanceof CType.Int i && i.size() == 1 && !i.isBool();
    }

    private static String boxed(String javaType) {
        return switch (javaType) {
            case "boolean" -> "Boolean";
            case "byte" -> "Byte";
            case "short" -> "Short";
            case "int" -> "Integer";
            case "long" -> "Long";
            case "float" -> "Float";
            case "double" -> "Double";
            default -> javaType;
        };
    }

    private static boolean hasArrays(String javaType) {
        return javaType.endsWith("[]");
    }

    // ---------------------------------------------------------------------------------------------
    // decoding and encoding, as statements

    /** Statements that read a {@code t} at {@code seg + off} into {@code target} (already declared). */
    private void decode(SourceWriter w, CType t, String seg, String off, String target, int depth) {
        switch (t) {
            case CType.Int i -> w.line(target + " = " + readInt(i, seg, off) + ";");
            case CType.Enum e -> w.line(target + " = " + (e.size() == 8 ? seg + ".get(I64, " + off + ")"
                    : readInt(new CType.Int("", e.size(), true, false, false), seg, off)) + ";");
            case CType.Float f -> w.line(target + " = " + seg + ".get(" + (f.size() == 4 ? "F32" : "F64") + ", " + off + ");");
            case CType.Pointer p -> w.line(target + " = " + seg + ".get(I64, " + off + ");");
            case CType.Array a when isString(a) -> w.line(target + " = readString(" + seg + ", " + off + ", " + a.length() + ");");
            case CType.Array a when isBytes(a) -> w.line(target + " = readBytes(" + seg + ", " + off + ", " + a.length() + ");");
            case CType.Array a -> {
                String elem = javaType(a.element());
                int br = elem.indexOf('[');
                String alloc = br < 0 ? elem + "[" + a.length() + "]" : elem.substring(0, br) + "[" + a.length() + "]" + elem.substring(br);
                w.line(target + " = new " + alloc + ";");
                String i = "i" + depth;
                w.line("for (int " + i + " = 0; " + i + " < " + a.length() + "; " + i + "++) {");
                decode(w, a.element(), seg, plus(off, i + " * " + a.element().byteSize() + "L"), target + "[" + i + "]", depth + 1);
                w.line("}");
            }
            case CType.Struct s -> w.line(target + " = " + typeNames.get(s) + ".decode(" + seg + ", " + off + ");");
            case CType.Unsupported u -> throw unsupported(u, target);
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
        if (i.isBool()) {
            return raw + " != 0";
        }
        return switch (intType(i) + i.size()) {
            case "int1" -> "Byte.toUnsignedInt(" + raw + ")";
            case "int2" -> "Short.toUnsignedInt(" + raw + ")";
            case "long4" -> "Integer.toUnsignedLong(" + raw + ")";
            default -> raw;
        };
    }

    /** Statements that write {@code value} (a Java expression of {@code t}'s type) at {@code seg + off}. */
    private void encode(SourceWriter w, CType t, String seg, String off, String value, int depth) {
        switch (t) {
            case CType.Int i -> w.line(writeInt(i.size(), seg, off, i.isBool() ? value + " ? 1 : 0" : value,
                    i.isBool() ? "int" : intType(i)) + ";");
            case CType.Enum e -> w.line(writeInt(e.size(), seg, off, value, javaType(e)) + ";");
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
        String[] cast = {"", "byte", "short", "", "int", "", "", "", "long"};
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new Bpf2JavaException("bpf2java cannot map a " + (size * 8) + "-bit integer",
                    "use an integer of 8, 16, 32 or 64 bits");
        }
        String v = javaType.equals(cast[size]) ? value : "(" + cast[size] + ") " + paren(value);
        return seg + ".set(" + layout[size] + ", " + off + ", " + v + ")";
    }

    private static String paren(String v) {
        return v.matches("[A-Za-z0-9_.\\[\\]]+") ? v : "(" + v + ")";
    }

    private static String plus(String off, String add) {
        if (off.equals("0")) {
            return add;
        }
        if (add.equals("0")) {
            return off;
        }
        return off + " + " + add;
    }

    /** Statements that check the length of the arrays in {@code value} against C's, recursively. */
    private void checkLength(SourceWriter w, CType t, String value, String what, int depth) {
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

    // ---------------------------------------------------------------------------------------------
    // records

    private void struct(SourceWriter w, CType.Struct s, String name) {
        List<Field> fields = fields(s, s.cName());
        List<String> doc = new ArrayList<>();
        doc.add("{@code " + s.cName() + "}, " + s.size() + " bytes, as a record: {@link #decode(MemorySegment)} reads one");
        doc.add("(little endian, at the offsets of the object's BTF), {@link #encode(MemorySegment)} writes one.");
        doc.add("");
        for (Field f : fields) {
            doc.add("@param " + f.component + " " + memberDoc(f));
        }
        w.doc(doc.toArray(String[]::new));
        List<String> comps = new ArrayList<>();
        for (Field f : fields) {
            comps.add(componentType(f) + " " + f.component);
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
        w.doc("Size of {@code " + s.cName() + "} in bytes.");
        w.line("public static final long SIZE = " + s.size() + ";");
        memberOffsets(w, s, fields);
        boolean arrays = fields.stream().anyMatch(f -> hasArrays(componentType(f)));
        boolean needsCheck = fields.stream().anyMatch(f -> !isPrimitive(componentType(f)));
        if (needsCheck) {
            w.blank();
            w.line("public " + name + " {");
            for (Field f : fields) {
                if (!isPrimitive(componentType(f))) {
                    w.line("Objects.requireNonNull(" + f.component + ", " + quote(f.component) + ");");
                }
                if (!f.member.isBitfield()) {
                    checkLength(w, f.type, f.component, f.component, 0);
                }
            }
            w.line("}");
        }
        openDecode(w, name, s.cName());
        List<String> args = new ArrayList<>();
        for (Field f : fields) {
            String off = plus("offset", String.valueOf(f.bitOffset / 8));
            if (f.member.isBitfield()) {
                w.line(componentType(f) + " " + f.component + " = " + readBits(f, off) + ";");
            } else if (f.type instanceof CType.Array a && !isString(a) && !isBytes(a)) {
                w.line(componentType(f) + " " + f.component + ";");
                decode(w, f.type, "segment", off, f.component, 0);
            } else {
                SourceWriter tmp = new SourceWriter();
                decode(tmp, f.type, "segment", off, componentType(f) + " " + f.component, 0);
                w.line(tmp.toString().strip());
            }
            args.add(f.component);
        }
        w.line("return new " + name + "(" + String.join(", ", args) + ");");
        w.line("}");
        openEncode(w, s.cName(), "; padding is zeroed");
        w.line("segment.asSlice(offset, SIZE).fill((byte) 0);");
        for (Field f : fields) {
            String off = plus("offset", String.valueOf(f.bitOffset / 8));
            if (f.member.isBitfield()) {
                w.line(writeBits(f, off) + ";");
            } else {
                encode(w, f.type, "segment", off, f.component, 0);
            }
        }
        w.line("}");
        w.blank();
        toSegment(w);
        scalarReaders(w, s, name, fields);
        for (Field f : fields) {
            if (f.type instanceof CType.Enum e && !f.member.isBitfield() || f.member.isBitfield() && f.type instanceof CType.Enum) {
                CType.Enum e = (CType.Enum) f.type;
                w.blank();
                w.doc("{@link #" + f.component + "()} as a {@link " + typeNames.get(e) + "} constant, or null when the C value has none.");
                w.line("public " + typeNames.get(e) + " " + f.component + "AsEnum() {");
                w.line("return " + typeNames.get(e) + ".of(" + f.component + ");");
                w.line("}");
            }
        }
        if (arrays) {
            arrayAwareObjectMethods(w, name, fields);
        }
        w.line("}");
    }

    /**
     * {@code decode(segment)}, which reads at offset 0, and the opening of
     * {@code decode(segment, offset)} up to its size check (records and unions alike).
     */
    private static void openDecode(SourceWriter w, String name, String cName) {
        w.blank();
        w.doc("Reads one from the start of {@code segment}.");
        w.line("public static " + name + " decode(MemorySegment segment) {");
        w.line("return decode(segment, 0);");
        w.line("}");
        w.blank();
        w.doc("Reads one at {@code offset} in {@code segment}.");
        w.line("public static " + name + " decode(MemorySegment segment, long offset) {");
        w.line("checkSize(segment, offset, SIZE, " + quote(cName) + ");");
    }

    /** The same for {@code encode}; {@code docTail} ends both methods' first doc sentence. */
    private static void openEncode(SourceWriter w, String cName, String docTail) {
        w.blank();
        w.doc("Writes this at the start of {@code segment}" + docTail + ".");
        w.line("public void encode(MemorySegment segment) {");
        w.line("encode(segment, 0);");
        w.line("}");
        w.blank();
        w.doc("Writes this at {@code offset} in {@code segment}" + docTail + ".");
        w.line("public void encode(MemorySegment segment, long offset) {");
        w.line("checkSize(segment, offset, SIZE, " + quote(cName) + ");");
    }

    /**
     * {@code COMM_OFFSET}: the byte offset of each member that is not a bitfield, for readers of
     * what a record does not model (the packed strings of a variable-length tail, say).
     */
    private void memberOffsets(SourceWriter w, CType.Struct s, List<Field> fields) {
        Set<String> taken = new java.util.HashSet<>(Set.of("SIZE"));
        for (Field f : fields) {
            String constant = Names.upperSnake(f.component) + "_OFFSET";
            if (f.member.isBitfield() || !taken.add(constant)) {
                continue;
            }
            w.doc("Offset of {@code " + esc(declaration(f.type, f.cName())) + "} in {@code " + esc(s.cName()) + "}.");
            w.line("public static final long " + constant + " = " + f.bitOffset / 8 + ";");
        }
    }

    /**
     * Static readers of the scalar members at an offset, {@code pidAt(segment, offset)}: what an
     * event callback reads without decoding (and allocating) a record.
     */
    private void scalarReaders(SourceWriter w, CType.Struct s, String name, List<Field> fields) {
        Set<String> taken = new java.util.HashSet<>();
        for (Field f : fields) {
            taken.add(f.component);
        }
        for (Field f : fields) {
            boolean scalar = f.member.isBitfield() || f.type instanceof CType.Int || f.type instanceof CType.Enum
                    || f.type instanceof CType.Float || f.type instanceof CType.Pointer;
            boolean string = !f.member.isBitfield() && f.type instanceof CType.Array a && isString(a);
            String method = f.component + "At";
            if (!(scalar || string) || taken.contains(method) || Set.of("decodeAt", "encodeAt", "toSegmentAt").contains(method)) {
                continue;
            }
            String t = componentType(f);
            String off = plus("offset", String.valueOf(f.bitOffset / 8));
            w.blank();
            w.doc("Reads " + memberDoc(f) + " of the {@code " + esc(s.cName()) + "} at {@code offset}, without decoding the rest"
                    + (string ? " (allocates only the String" : " (no allocation")
                    + ", no size check beyond the segment's own).");
            w.line("public static " + t + " " + method + "(MemorySegment segment, long offset) {");
            if (f.member.isBitfield()) {
                w.line("return " + readBits(f, off) + ";");
            } else {
                SourceWriter body = new SourceWriter();
                decode(body, f.type, "segment", off, "value", 0);
                w.line("return " + body.toString().strip().substring("value = ".length()));
            }
            w.line("}");
        }
    }

    private String componentType(Field f) {
        if (f.member.isBitfield()) {
            if (f.type instanceof CType.Int i && i.isBool() && f.member.bitSize() == 1) {
                return "boolean";
            }
            return f.member.bitSize() <= 31 ? "int" : "long";
        }
        return javaType(f.type);
    }

    private static boolean isPrimitive(String t) {
        return Set.of("boolean", "byte", "short", "int", "long", "float", "double").contains(t);
    }

    private String readBits(Field f, String off) {
        boolean signed = f.type instanceof CType.Int i ? i.signed() : ((CType.Enum) f.type).signed();
        String call = "readBits(segment, " + off + ", " + (f.bitOffset % 8) + ", " + f.member.bitSize() + ", " + signed + ")";
        String t = componentType(f);
        return switch (t) {
            case "boolean" -> call + " != 0";
            case "int" -> "(int) " + call;
            default -> call;
        };
    }

    private String writeBits(Field f, String off) {
        String v = componentType(f).equals("boolean") ? "(" + f.component + " ? 1L : 0L)" : f.component;
        return "writeBits(segment, " + off + ", " + (f.bitOffset % 8) + ", " + f.member.bitSize() + ", " + v + ")";
    }

    private String memberDoc(Field f) {
        StringBuilder sb = new StringBuilder("{@code ").append(esc(declaration(f.type, f.cName()))).append('}');
        if (f.member.isBitfield()) {
            sb.append(", bits ").append(f.bitOffset).append("..").append(f.bitOffset + f.member.bitSize() - 1);
        } else {
            sb.append(" at offset ").append(f.bitOffset / 8);
        }
        CType t = f.type;
        if (t instanceof CType.Int i && !i.signed() && !i.isBool() && !f.member.isBitfield()) {
            sb.append(switch (i.size()) {
                case 1, 2 -> " (unsigned, zero-extended)";
                case 4 -> " (unsigned, zero-extended; the encoder keeps the low 32 bits)";
                case 8 -> " (unsigned: read it with Long.toUnsignedString/compareUnsigned)";
                default -> "";
            });
        }
        if (t instanceof CType.Enum e) {
            sb.append(" (the C value; see {@link #").append(f.component).append("AsEnum()})");
        }
        if (t instanceof CType.Pointer) {
            sb.append(" (an address)");
        }
        if (t instanceof CType.Array a && isString(a)) {
            sb.append(" (up to the first NUL, UTF-8; encoded truncated to ").append(a.length()).append(" bytes)");
        }
        return sb.toString();
    }

    private static String declaration(CType t, String name) {
        return t instanceof CType.Array a ? a.declaration(name) : t.cName() + (t instanceof CType.Pointer ? "" : " ") + name;
    }

    private static void toSegment(SourceWriter w) {
        w.doc("This encoded in a new segment of {@code arena}.");
        w.line("public MemorySegment toSegment(Arena arena) {");
        w.line("MemorySegment segment = arena.allocate(SIZE, 8);");
        w.line("encode(segment, 0);");
        w.line("return segment;");
        w.line("}");
    }

    private void arrayAwareObjectMethods(SourceWriter w, String name, List<Field> fields) {
        w.blank();
        w.line("@Override");
        w.line("public boolean equals(Object o) {");
        List<String> eq = new ArrayList<>();
        List<String> hash = new ArrayList<>();
        List<String> str = new ArrayList<>();
        for (Field f : fields) {
            String t = componentType(f);
            String c = f.component;
            boolean deep = t.indexOf("[]") != t.lastIndexOf("[]") || hasArrays(t) && !isPrimitive(t.substring(0, t.length() - 2));
            if (hasArrays(t)) {
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
            w.raw("        + \"" + (i == 0 ? "" : ", ") + fields.get(i).component + "=\" + " + str.get(i)
                    + (i == fields.size() - 1 ? " + \"]\";" : ""));
        }
        if (fields.isEmpty()) {
            w.raw("        + \"]\";");
        }
        w.line("}");
    }

    private void union(SourceWriter w, CType.Struct s, String name) {
        List<Field> fields = fields(s, s.cName());
        List<String> doc = new ArrayList<>();
        doc.add("{@code " + s.cName() + "}, " + s.size() + " bytes, as a view over its bytes: one accessor per member reads");
        doc.add("the bytes as that member, one factory per member writes a member into a new value.");
        doc.add("");
        for (Field f : fields) {
            doc.add("{@link #" + f.component + "()}: " + memberDoc(f) + "<br>");
        }
        doc.add("");
        doc.add("@param bytes the union's " + s.size() + " bytes");
        w.doc(doc.toArray(String[]::new));
        w.line("public record " + name + "(byte[] bytes) {");
        w.doc("Size of {@code " + s.cName() + "} in bytes.");
        w.line("public static final long SIZE = " + s.size() + ";");
        w.blank();
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
        for (Field f : fields) {
            String t = componentType(f);
            String off = String.valueOf(f.bitOffset / 8);
            w.blank();
            w.doc("The bytes read as " + memberDoc(f) + ".");
            w.line("public " + t + " " + f.component + "() {");
            w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
            if (f.member.isBitfield()) {
                w.line("return " + readBits(f, off) + ";");
            } else {
                SourceWriter body = new SourceWriter();
                decode(body, f.type, "segment", off, "value", 0);
                String b = body.toString().strip();
                if (!b.contains("\n") && b.startsWith("value = ")) {
                    w.line("return " + b.substring("value = ".length()));
                } else {
                    w.line(t + " value;");
                    decode(w, f.type, "segment", off, "value", 0);
                    w.line("return value;");
                }
            }
            w.line("}");
            w.blank();
            String factory = "of" + Character.toUpperCase(f.component.charAt(0)) + f.component.substring(1);
            w.doc("A value holding {@code " + f.component + "} in member " + f.cName() + ", the other bytes zero.");
            w.line("public static " + name + " " + factory + "(" + t + " " + f.component + ") {");
            if (!isPrimitive(t)) {
                w.line("Objects.requireNonNull(" + f.component + ", " + quote(f.component) + ");");
            }
            w.line("byte[] bytes = new byte[(int) SIZE];");
            w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
            if (f.member.isBitfield()) {
                w.line(writeBits(f, off) + ";");
            } else {
                checkLength(w, f.type, f.component, f.component, 0);
                encode(w, f.type, "segment", off, f.component, 0);
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

    private void enumType(SourceWriter w, CType.Enum e, String name) {
        w.doc("{@code " + e.cName() + "}: the constants of the C enum with their values.");
        w.line("public enum " + name + " {");
        Names.Scope scope = new Names.Scope(Set.of("VALUES"));
        List<CType.EnumValue> vals = e.values();
        for (int i = 0; i < vals.size(); i++) {
            CType.EnumValue v = vals.get(i);
            w.line(scope.claim(Names.constant(v.name()), "_") + "(" + v.value() + "L)" + (i == vals.size() - 1 ? ";" : ","));
        }
        if (vals.isEmpty()) {
            w.line(";");
        }
        w.blank();
        w.line("private static final " + name + "[] VALUES = values();");
        w.line("private final long value;");
        w.blank();
        w.line(name + "(long value) {");
        w.line("this.value = value;");
        w.line("}");
        w.blank();
        w.doc("The C value.");
        w.line("public long value() {");
        w.line("return value;");
        w.line("}");
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

    // ---------------------------------------------------------------------------------------------
    // spec stage, maps

    private void spec(SourceWriter w, Names.Scope outer) {
        String cls = options.className();
        w.doc("The object before loading: set constants, resize maps, choose programs, then {@link #load()}.");
        w.line("public static final class Spec {");
        w.line("private final CollectionSpec spec;");
        w.blank();
        w.line("private Spec(CollectionSpec spec) {");
        w.line("this.spec = spec;");
        w.line("}");
        Names.Scope scope = new Names.Scope(Set.of("load", "collectionSpec", "toString", "hashCode", "equals",
                "getClass", "notify", "notifyAll", "wait", "spec"));
        for (BpfObjectModel.Variable v : model.constants()) {
            String m = scope.claim(Names.lowerCamel(v.name()), "Constant");
            String t = javaType(v.type());
            w.blank();
            w.doc("Sets {@code const volatile " + esc(declaration(v.type(), v.name())) + "} in {@code " + v.section()
                    + "} (" + v.type().byteSize() + (v.type().byteSize() == 1 ? " byte" : " bytes") + ") before load.");
            w.line("public Spec " + m + "(" + t + " value) {");
            if (!isPrimitive(t)) {
                w.line("Objects.requireNonNull(value, \"value\");");
                checkLength(w, v.type(), "value", v.name(), 0);
            }
            w.line("byte[] bytes = new byte[" + v.type().byteSize() + "];");
            w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
            encode(w, v.type(), "segment", "0", "value", 0);
            w.line("spec.setConstant(" + quote(v.name()) + ", bytes);");
            w.line("return this;");
            w.line("}");
        }
        for (BpfObjectModel.Variable v : model.globals()) {
            String m = scope.claim(Names.lowerCamel(v.name()), "Initial");
            String t = javaType(v.type());
            w.blank();
            w.doc("Sets the initial value of the global {@code " + esc(declaration(v.type(), v.name())) + "} in {@code "
                    + v.section() + "}; after load, read and write it through the loaded object.");
            w.line("public Spec " + m + "(" + t + " value) {");
            if (!isPrimitive(t)) {
                w.line("Objects.requireNonNull(value, \"value\");");
                checkLength(w, v.type(), "value", v.name(), 0);
            }
            w.line("byte[] bytes = new byte[" + v.type().byteSize() + "];");
            w.line("MemorySegment segment = MemorySegment.ofArray(bytes);");
            encode(w, v.type(), "segment", "0", "value", 0);
            w.line("spec.set(" + quote(v.name()) + ", bytes);");
            w.line("return this;");
            w.line("}");
        }
        for (BpfObjectModel.MapDef m : model.maps()) {
            String name = scope.claim(Names.lowerCamel(m.name()) + "MaxEntries", "_");
            w.blank();
            w.doc("Sets {@code max_entries} of map {@code " + m.name() + "} (" + m.maxEntries() + " in the object).");
            w.line("public Spec " + name + "(int maxEntries) {");
            w.line("spec.resizeMap(" + quote(m.name()) + ", maxEntries);");
            w.line("return this;");
            w.line("}");
        }
        for (BpfObjectModel.Program p : model.programs()) {
            String name = scope.claim(Names.lowerCamel(p.name()) + "Autoload", "_");
            w.blank();
            w.doc("Whether program {@code " + p.name() + "} ({@code " + esc(p.section()) + "}) loads; all do by default.");
            w.line("public Spec " + name + "(boolean autoload) {");
            w.line("spec.setAutoload(" + quote(p.name()) + ", autoload);");
            w.line("return this;");
            w.line("}");
        }
        w.blank();
        w.doc("The underlying spec, for what this class does not wrap.");
        w.line("public CollectionSpec collectionSpec() {");
        w.line("return spec;");
        w.line("}");
        w.blank();
        w.doc("Creates the maps and loads the programs into the kernel.");
        w.line("public " + cls + " load() {");
        w.line("return new " + cls + "(spec.load());");
        w.line("}");
        w.line("}");
    }

    private void typedMap(SourceWriter w, BpfObjectModel.MapDef m, String cls) {
        String k = javaType(m.key());
        String v = javaType(m.value());
        w.doc("The map {@code " + m.name() + "} with typed keys and values: " + describe(m) + ".");
        boolean perCpu = PER_CPU_MAP_TYPES.contains(m.type());
        // scalar to scalar (counters): a lookup that allocates nothing, in buffers of the wrapper
        boolean buffered = !perCpu && isPrimitive(k) && isPrimitive(v);
        w.line("public static final class " + cls + " {");
        w.line("private final BpfMap map;");
        if (buffered) {
            w.line("private final MemorySegment keyBuffer;");
            w.line("private final MemorySegment valueBuffer;");
        }
        w.blank();
        w.line(cls + "(BpfMap map) {");
        w.line("this.map = map;");
        if (buffered) {
            w.line("Arena arena = Arena.ofAuto();");
            w.line("this.keyBuffer = arena.allocate(" + m.key().byteSize() + ", 8);");
            w.line("this.valueBuffer = arena.allocate(" + m.value().byteSize() + ", 8);");
        }
        w.line("}");
        w.blank();
        w.doc("The untyped map.");
        w.line("public BpfMap raw() {");
        w.line("return map;");
        w.line("}");
        if (perCpu) {
            perCpuMap(w, m, k, v);
            return;
        }
        if (buffered) {
            w.blank();
            w.doc("The value stored under {@code key}, or {@code missing}: {@link #lookup} without allocating (in",
                    "buffers of this wrapper, under its lock), for a counter read in a loop.");
            w.line("public synchronized " + v + " lookupOrDefault(" + k + " key, " + v + " missing) {");
            encode(w, m.key(), "keyBuffer", "0", "key", 0);
            w.line("if (!map.lookup(keyBuffer, valueBuffer)) {");
            w.line("return missing;");
            w.line("}");
            SourceWriter tmp = new SourceWriter();
            decode(tmp, m.value(), "valueBuffer", "0", "value", 0);
            w.line("return " + tmp.toString().strip().substring("value = ".length()));
            w.line("}");
        }
        w.blank();
        w.doc("The value stored under {@code key}, or empty.");
        w.line("public Optional<" + boxed(v) + "> lookup(" + k + " key) {");
        checkKey(w, m);
        w.line("try (Arena arena = Arena.ofConfined()) {");
        keySegment(w, m);
        w.line("MemorySegment v = arena.allocate(" + m.value().byteSize() + ", 8);");
        w.line("if (!map.lookup(k, v)) {");
        w.line("return Optional.empty();");
        w.line("}");
        if (m.value() instanceof CType.Array a && !isString(a) && !isBytes(a)) {
            w.line(v + " value;");
            decode(w, m.value(), "v", "0", "value", 0);
        } else {
            SourceWriter tmp = new SourceWriter();
            decode(tmp, m.value(), "v", "0", v + " value", 0);
            w.line(tmp.toString().strip());
        }
        w.line("return Optional.of(value);");
        w.line("}");
        w.line("}");
        w.blank();
        w.doc("Stores {@code value} under {@code key}, creating or replacing the entry.");
        w.line("public void update(" + k + " key, " + v + " value) {");
        if (!isPrimitive(v)) {
            w.line("Objects.requireNonNull(value, \"value\");");
            checkLength(w, m.value(), "value", "value", 0);
        }
        checkKey(w, m);
        w.line("try (Arena arena = Arena.ofConfined()) {");
        keySegment(w, m);
        w.line("MemorySegment v = arena.allocate(" + m.value().byteSize() + ", 8);");
        encode(w, m.value(), "v", "0", "value", 0);
        w.line("map.update(k, v, 0);");
        w.line("}");
        w.line("}");
        if (m.type() != 2) {
            w.blank();
            w.doc("Removes the entry for {@code key}; false when there was none.");
            w.line("public boolean delete(" + k + " key) {");
            checkKey(w, m);
            w.line("try (Arena arena = Arena.ofConfined()) {");
            keySegment(w, m);
            w.line("return map.delete(k);");
            w.line("}");
            w.line("}");
        }
        w.line("}");
    }

    private void perCpuMap(SourceWriter w, BpfObjectModel.MapDef m, String k, String v) {
        w.blank();
        w.doc("Each possible CPU's value stored under {@code key}, by CPU number; empty when there is no entry.");
        w.line("public List<" + boxed(v) + "> lookup(" + k + " key) {");
        checkKey(w, m);
        w.line("byte[] keyBytes = new byte[" + m.key().byteSize() + "];");
        w.line("MemorySegment k = MemorySegment.ofArray(keyBytes);");
        encode(w, m.key(), "k", "0", "key", 0);
        w.line("byte[][] perCpu = map.lookupPerCpu(keyBytes);");
        w.line("if (perCpu == null) {");
        w.line("return List.of();");
        w.line("}");
        w.line("List<" + boxed(v) + "> out = new ArrayList<>(perCpu.length);");
        w.line("for (byte[] bytes : perCpu) {");
        w.line("MemorySegment v = MemorySegment.ofArray(bytes);");
        w.line(v + " value;");
        decode(w, m.value(), "v", "0", "value", 1);
        w.line("out.add(value);");
        w.line("}");
        w.line("return out;");
        w.line("}");
        if (m.type() != 6) {
            w.blank();
            w.doc("Removes the entry for {@code key}; false when there was none.");
            w.line("public boolean delete(" + k + " key) {");
            checkKey(w, m);
            w.line("try (Arena arena = Arena.ofConfined()) {");
            keySegment(w, m);
            w.line("return map.delete(k);");
            w.line("}");
            w.line("}");
        }
        w.line("}");
    }

    private void checkKey(SourceWriter w, BpfObjectModel.MapDef m) {
        if (!isPrimitive(javaType(m.key()))) {
            w.line("Objects.requireNonNull(key, \"key\");");
            checkLength(w, m.key(), "key", "key", 0);
        }
    }

    private void keySegment(SourceWriter w, BpfObjectModel.MapDef m) {
        w.line("MemorySegment k = arena.allocate(" + m.key().byteSize() + ", 8);");
        encode(w, m.key(), "k", "0", "key", 0);
    }

    private static String describe(BpfObjectModel.MapDef m) {
        String type = m.type() >= 0 && m.type() < MAP_TYPES.size() ? MAP_TYPES.get(m.type()) : "type " + m.type();
        StringBuilder sb = new StringBuilder(type);
        if (m.key() != null) {
            sb.append(", key {@code ").append(esc(m.key().cName())).append('}');
        } else if (m.keySize() > 0) {
            sb.append(", key ").append(m.keySize()).append(" bytes");
        }
        if (m.value() != null) {
            sb.append(", value {@code ").append(esc(m.value().cName())).append('}');
        } else if (m.valueSize() > 0) {
            sb.append(", value ").append(m.valueSize()).append(" bytes");
        }
        if (m.maxEntries() > 0) {
            sb.append(", ").append(m.maxEntries()).append(m.type() == 27 ? " bytes" : m.maxEntries() == 1 ? " entry" : " entries");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    private void classDoc(SourceWriter w) {
        List<String> doc = new ArrayList<>();
        doc.add("Typed bindings for the BPF object built from {@code " + esc(model.sourceName()) + "}.");
        doc.add("");
        doc.add("<pre>{@code");
        doc.add("try (" + options.className() + " bpf = " + options.className() + ".load()) {");
        doc.add("    bpf.attachAll();");
        doc.add("    // read the maps");
        doc.add("}");
        doc.add("}</pre>");
        if (!model.programs().isEmpty()) {
            doc.add("");
            doc.add("<p>Programs:");
            doc.add("<ul>");
            for (BpfObjectModel.Program p : model.programs()) {
                doc.add("  <li>{@code " + p.name() + "}: {@code SEC(\"" + esc(p.section()) + "\")}</li>");
            }
            doc.add("</ul>");
        }
        if (!model.maps().isEmpty()) {
            doc.add("");
            doc.add("<p>Maps:");
            doc.add("<ul>");
            for (BpfObjectModel.MapDef m : model.maps()) {
                doc.add("  <li>{@code " + m.name() + "}: " + describe(m) + "</li>");
            }
            doc.add("</ul>");
        }
        w.doc(doc.toArray(String[]::new));
    }

    /** The private helpers the generated code calls, each only when it does. */
    private void helpers(SourceWriter w) {
        String used = w.toString();
        if (used.contains("checkSize(")) {
            w.blank();
            w.line("private static void checkSize(MemorySegment segment, long offset, long size, String what) {");
            w.line("if (offset < 0 || segment.byteSize() - offset < size) {");
            w.line("throw new IllegalArgumentException(what + \" needs \" + size + \" bytes at offset \" + offset");
            w.raw("        + \", the segment has \" + segment.byteSize());");
            w.line("}");
            w.line("}");
        }
        if (used.contains("readString(")) {
            w.blank();
            w.line("private static String readString(MemorySegment segment, long offset, int length) {");
            w.line("int n = 0;");
            w.line("while (n < length && segment.get(I8, offset + n) != 0) {");
            w.line("n++;");
            w.line("}");
            w.line("return new String(segment.asSlice(offset, n).toArray(I8), StandardCharsets.UTF_8);");
            w.line("}");
        }
        if (used.contains("writeString(")) {
            w.blank();
            w.line("private static void writeString(MemorySegment segment, long offset, int length, String value) {");
            w.line("byte[] b = value.getBytes(StandardCharsets.UTF_8);");
            w.line("int n = Math.min(b.length, length);");
            w.line("MemorySegment.copy(b, 0, segment, I8, offset, n);");
            w.line("segment.asSlice(offset + n, length - n).fill((byte) 0);");
            w.line("}");
        }
        if (used.contains("readBytes(")) {
            w.blank();
            w.line("private static byte[] readBytes(MemorySegment segment, long offset, int length) {");
            w.line("return segment.asSlice(offset, length).toArray(I8);");
            w.line("}");
        }
        if (used.contains("writeBytes(")) {
            w.blank();
            w.line("private static void writeBytes(MemorySegment segment, long offset, int length, byte[] value) {");
            w.line("MemorySegment.copy(value, 0, segment, I8, offset, length);");
            w.line("}");
        }
        if (used.contains("readBits(")) {
            w.blank();
            w.doc("Bits {@code shift .. shift + width - 1} of the little-endian bytes at {@code offset}.");
            w.line("private static long readBits(MemorySegment segment, long offset, int shift, int width, boolean signed) {");
            w.line("int n = (shift + width + 7) / 8;");
            w.line("long word = 0;");
            w.line("for (int i = 0; i < n; i++) {");
            w.line("word |= (segment.get(I8, offset + i) & 0xffL) << (8 * i);");
            w.line("}");
            w.line("long v = word << (64 - shift - width);");
            w.line("return signed ? v >> (64 - width) : v >>> (64 - width);");
            w.line("}");
        }
        if (used.contains("writeBits(")) {
            w.blank();
            w.doc("Replaces bits {@code shift .. shift + width - 1} of the little-endian bytes at {@code offset}.");
            w.line("private static void writeBits(MemorySegment segment, long offset, int shift, int width, long value) {");
            w.line("int n = (shift + width + 7) / 8;");
            w.line("long word = 0;");
            w.line("for (int i = 0; i < n; i++) {");
            w.line("word |= (segment.get(I8, offset + i) & 0xffL) << (8 * i);");
            w.line("}");
            w.line("long mask = (width == 64 ? -1L : (1L << width) - 1) << shift;");
            w.line("word = (word & ~mask) | ((value << shift) & mask);");
            w.line("for (int i = 0; i < n; i++) {");
            w.line("segment.set(I8, offset + i, (byte) (word >>> (8 * i)));");
            w.line("}");
            w.line("}");
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 32 || c > 126) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text safe inside a Javadoc {@code {@code ...}}: no comment end, balanced braces. */
    static String esc(String s) {
        return s.replace("*/", "*&#47;").replace("{", "&#123;").replace("}", "&#125;").replace("@", "&#64;");
    }
}
