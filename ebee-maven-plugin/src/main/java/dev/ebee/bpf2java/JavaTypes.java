package dev.ebee.bpf2java;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java side of one binding's C types: which Java type holds a value of each C type, and the
 * names of the records and enums generated for structs, unions and enums. Every writer asks here,
 * so that a C type maps to the same Java type wherever it appears (a map key, an event member, a
 * global), and nested names are handed out once for the whole class.
 */
final class JavaTypes {
    /** Names the generated class uses itself; a C name that would shadow one gets a suffix. */
    static final Set<String> RESERVED_TYPE_NAMES = Set.of("String", "Object", "Override", "Integer", "Long", "Short",
            "Byte", "Boolean", "Float", "Double", "Math", "Arrays", "Objects", "MemorySegment", "Arena", "ValueLayout",
            "ByteOrder", "StandardCharsets", "Optional", "IllegalArgumentException", "IllegalStateException",
            "Collection", "CollectionSpec", "BpfMap", "Program", "ObjectFile", "InputStream", "IOException",
            "UncheckedIOException", "Spec", "Record", "Enum", "Class", "System", "Thread", "Exception",
            "RuntimeException", "SuppressWarnings", "Deprecated", "Character", "Number", "Iterable", "List",
            "EbeeException", "Void", "Runtime", "StringBuilder", "CharSequence", "Comparable", "AutoCloseable", "Map",
            "BiConsumer", "Link", "Attachments", "ArrayList", "Xdp", "XdpMode", "Tcx", "TcxDirection", "Cgroup",
            "CgroupHook", "Uprobe", "Path", "PerfReader", "RingBufReader", "RecordHandler", "Duration", "Consumer");

    /** Struct/union/enum → Java type name, in the order they are emitted. */
    private final Map<CType, String> names = new LinkedHashMap<>();
    private final Names.Scope scope;

    JavaTypes(String className) {
        this.scope = new Names.Scope(RESERVED_TYPE_NAMES);
        scope.claim(className, "");
    }

    /** The records and enums to generate, with their names, in registration order. */
    Map<CType, String> named() {
        return Collections.unmodifiableMap(names);
    }

    /** The name of the record or enum registered for {@code t}. */
    String name(CType t) {
        return names.get(t);
    }

    /** A free name for another nested class (a map wrapper), {@code name} itself when nothing took it. */
    String claim(String name) {
        return scope.claim(name, "");
    }

    /** Registers the records and enums {@code t} needs; {@code hint} names an anonymous type. */
    void collect(CType t, String where, String hint) {
        switch (t) {
            case CType.Struct s -> {
                if (names.containsKey(s)) {
                    return;
                }
                String base = s.name().isEmpty() ? (hint.isEmpty() ? "Anon" : hint) : Names.upperCamel(s.name());
                names.put(s, scope.claim(base, s.union() ? "Union" : "Struct"));
                String self = names.get(s);
                int anon = 0;
                for (Field f : fields(s, where)) {
                    String sub = f.member().name().isEmpty()
                            ? self + (f.type() instanceof CType.Struct u && u.union() ? "Union" : "Struct") + anon++
                            : self + Names.upperCamel(f.member().name());
                    collect(f.type(), where + "." + f.cName(), sub);
                }
            }
            case CType.Enum e -> {
                if (!names.containsKey(e)) {
                    String base = e.name().isEmpty() ? (hint.isEmpty() ? "AnonEnum" : hint) : Names.upperCamel(e.name());
                    names.put(e, scope.claim(base, "Enum"));
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

    // ---------------------------------------------------------------------------------------------
    // struct members as record components

    /** A struct member as a record component: anonymous structs are flattened, offsets made absolute. */
    record Field(CType.Member member, CType type, long bitOffset, String component) {
        String cName() {
            return member.name().isEmpty() ? "(anonymous member)" : member.name();
        }
    }

    static List<Field> fields(CType.Struct s, String where) {
        List<Field> out = new ArrayList<>();
        Names.Scope scope = new Names.Scope(s.union() ? Set.of("bytes", "SIZE", "toString", "hashCode", "equals",
                "getClass", "encode", "decode", "toSegment", "notify", "wait") : Set.of("SIZE", "toString", "hashCode",
                "equals", "getClass", "encode", "decode", "toSegment", "notify", "notifyAll", "wait"));
        flatten(s, 0, out, scope, where, new int[1]);
        return out;
    }

    private static void flatten(CType.Struct s, long base, List<Field> out, Names.Scope scope, String where, int[] anon) {
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

    /** The Java type of a record component: a bitfield's is the narrowest that holds its bits. */
    String componentType(Field f) {
        if (f.member().isBitfield()) {
            if (f.type() instanceof CType.Int i && i.isBool() && f.member().bitSize() == 1) {
                return "boolean";
            }
            return f.member().bitSize() <= 31 ? "int" : "long";
        }
        return javaType(f.type());
    }

    // ---------------------------------------------------------------------------------------------
    // values

    /** The Java type of a value of C type {@code t}. */
    String javaType(CType t) {
        return switch (t) {
            case CType.Int i -> intType(i);
            case CType.Float f -> f.size() == 4 ? "float" : "double";
            case CType.Pointer p -> "long";
            case CType.Enum e -> e.size() == 8 ? "long" : "int";
            case CType.Array a when isString(a) -> "String";
            case CType.Array a when isBytes(a) -> "byte[]";
            case CType.Array a -> javaType(a.element()) + "[]";
            case CType.Struct s -> names.get(s);
            case CType.Unsupported u -> throw unsupported(u, "a value");
        };
    }

    static String intType(CType.Int i) {
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

    static boolean isString(CType.Array a) {
        return a.element() instanceof CType.Int i && i.size() == 1 && i.isChar();
    }

    static boolean isBytes(CType.Array a) {
        return a.element() instanceof CType.Int i && i.size() == 1 && !i.isBool();
    }

    /** Member names (or their last {@code _} part) under which an unsigned byte array holds text. */
    private static final Set<String> TEXT_NAMES = Set.of("comm", "name", "path", "filename", "msg", "buf");

    /**
     * Whether a member is an unsigned byte array ({@code __u8}, {@code unsigned char}) that holds
     * text by its name: {@code comm}, {@code name}, {@code path}, {@code filename}, {@code msg},
     * {@code buf}, or a name ending in {@code _} and one of them ({@code parent_comm}). Such an array
     * stays a {@code byte[]}, as the bytes may not be text, and gets a String reading beside it;
     * {@code char} arrays are Strings in any case.
     */
    static boolean isTextBytes(Field f) {
        if (f.member().isBitfield() || !(f.type() instanceof CType.Array a) || isString(a) || !isBytes(a)
                || ((CType.Int) a.element()).signed()) {
            return false;
        }
        String name = f.member().name().toLowerCase(java.util.Locale.ROOT);
        return TEXT_NAMES.contains(name.substring(name.lastIndexOf('_') + 1));
    }

    /** Whether reading a {@code t} takes a loop: an array that is neither a String nor a byte[]. */
    static boolean isLoopArray(CType t) {
        return t instanceof CType.Array a && !isString(a) && !isBytes(a);
    }

    static String boxed(String javaType) {
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

    static boolean isPrimitive(String t) {
        return Set.of("boolean", "byte", "short", "int", "long", "float", "double").contains(t);
    }

    static boolean hasArrays(String javaType) {
        return javaType.endsWith("[]");
    }

    /** The C declaration of {@code name} as a {@code t}, for documentation: {@code __u32 grid[2][3]}. */
    static String declaration(CType t, String name) {
        return t instanceof CType.Array a ? a.declaration(name) : t.cName() + (t instanceof CType.Pointer ? "" : " ") + name;
    }
}
