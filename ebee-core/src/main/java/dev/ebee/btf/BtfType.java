package dev.ebee.btf;

import java.util.List;

/**
 * One BTF type. Type ids are positions in a {@link Btf}; id 0 is {@link Void}. Names are "" when
 * the type is anonymous. Records compare by value, so two graphs with the same ids compare equal
 * type by type.
 */
public sealed interface BtfType {
    int KIND_UNKN = 0, KIND_INT = 1, KIND_PTR = 2, KIND_ARRAY = 3, KIND_STRUCT = 4, KIND_UNION = 5, KIND_ENUM = 6,
            KIND_FWD = 7, KIND_TYPEDEF = 8, KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11, KIND_FUNC = 12,
            KIND_FUNC_PROTO = 13, KIND_VAR = 14, KIND_DATASEC = 15, KIND_FLOAT = 16, KIND_DECL_TAG = 17,
            KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;

    /** Linkage of FUNC and VAR. */
    int LINKAGE_STATIC = 0, LINKAGE_GLOBAL = 1, LINKAGE_EXTERN = 2;

    /** INT encoding bits. */
    int INT_SIGNED = 1, INT_CHAR = 2, INT_BOOL = 4;

    /** The name, "" when anonymous. */
    String name();

    /** The BTF_KIND_* number. */
    int kind();

    /** The kind as bpftool spells it (INT, PTR, STRUCT, ...). */
    default String kindName() {
        return kindName(kind());
    }

    static String kindName(int kind) {
        return switch (kind) {
            case KIND_UNKN -> "UNKN";
            case KIND_INT -> "INT";
            case KIND_PTR -> "PTR";
            case KIND_ARRAY -> "ARRAY";
            case KIND_STRUCT -> "STRUCT";
            case KIND_UNION -> "UNION";
            case KIND_ENUM -> "ENUM";
            case KIND_FWD -> "FWD";
            case KIND_TYPEDEF -> "TYPEDEF";
            case KIND_VOLATILE -> "VOLATILE";
            case KIND_CONST -> "CONST";
            case KIND_RESTRICT -> "RESTRICT";
            case KIND_FUNC -> "FUNC";
            case KIND_FUNC_PROTO -> "FUNC_PROTO";
            case KIND_VAR -> "VAR";
            case KIND_DATASEC -> "DATASEC";
            case KIND_FLOAT -> "FLOAT";
            case KIND_DECL_TAG -> "DECL_TAG";
            case KIND_TYPE_TAG -> "TYPE_TAG";
            case KIND_ENUM64 -> "ENUM64";
            default -> "KIND" + kind;
        };
    }

    /** Types that refer to exactly one other type through the record's size/type field. */
    sealed interface Ref extends BtfType permits Ptr, Typedef, Qualifier, Func, Var, DeclTag {
        int type();
    }

    /** Const, volatile, restrict and type tags: they qualify a type without changing its layout. */
    sealed interface Qualifier extends Ref permits Volatile, Const, Restrict, TypeTag {
    }

    /** Structs and unions. */
    sealed interface Composite extends BtfType permits Struct, Union {
        int size();

        List<Member> members();

        /** Whether member offsets carry bitfield sizes (kind_flag). */
        boolean kindFlag();
    }

    /** ENUM and ENUM64. */
    sealed interface AnyEnum extends BtfType permits Enum, Enum64 {
        int size();

        List<EnumValue> values();

        boolean signed();
    }

    /** Type id 0. */
    record Void() implements BtfType {
        public static final Void INSTANCE = new Void();

        public String name() {
            return "void";
        }

        public int kind() {
            return KIND_UNKN;
        }
    }

    /** An integer: size in bytes, encoding ({@link #INT_SIGNED}, {@link #INT_CHAR}, {@link #INT_BOOL}), bit offset and bits. */
    record Int(String name, int size, int encoding, int offset, int bits) implements BtfType {
        public int kind() {
            return KIND_INT;
        }

        public boolean signed() {
            return (encoding & INT_SIGNED) != 0;
        }

        public boolean isChar() {
            return (encoding & INT_CHAR) != 0;
        }

        public boolean isBool() {
            return (encoding & INT_BOOL) != 0;
        }
    }

    /** A pointer to {@code type}. */
    record Ptr(int type) implements Ref {
        public String name() {
            return "";
        }

        public int kind() {
            return KIND_PTR;
        }
    }

    /** An array of {@code nelems} elements of {@code type}, indexed by {@code indexType}. */
    record Array(int type, int indexType, int nelems) implements BtfType {
        public String name() {
            return "";
        }

        public int kind() {
            return KIND_ARRAY;
        }
    }

    /**
     * A struct or union member. {@code bitOffset} is from the start of the enclosing type;
     * {@code bitfieldSize} is 0 for an ordinary member.
     */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {
    }

    /** A struct of {@code size} bytes; {@code kindFlag} set when its members' offsets carry bitfield sizes. */
    record Struct(String name, int size, List<Member> members, boolean kindFlag) implements Composite {
        public Struct {
            members = List.copyOf(members);
        }

        public int kind() {
            return KIND_STRUCT;
        }
    }

    /** A union of {@code size} bytes; {@code kindFlag} as in {@link Struct}. */
    record Union(String name, int size, List<Member> members, boolean kindFlag) implements Composite {
        public Union {
            members = List.copyOf(members);
        }

        public int kind() {
            return KIND_UNION;
        }
    }

    /** One enumerator of an {@link Enum} or {@link Enum64}. */
    record EnumValue(String name, long value) {
    }

    /** A 32-bit enum; {@code size} is 1, 2, 4 or 8; values are sign-extended when {@code signed}, else zero-extended. */
    record Enum(String name, int size, List<EnumValue> values, boolean signed) implements AnyEnum {
        public Enum {
            values = List.copyOf(values);
        }

        public int kind() {
            return KIND_ENUM;
        }
    }

    /** A 64-bit enum (BTF_KIND_ENUM64); values sign-extended when {@code signed}. */
    record Enum64(String name, int size, List<EnumValue> values, boolean signed) implements AnyEnum {
        public Enum64 {
            values = List.copyOf(values);
        }

        public int kind() {
            return KIND_ENUM64;
        }
    }

    /** A forward declaration of a struct ({@code union == false}) or union. */
    record Fwd(String name, boolean union) implements BtfType {
        public int kind() {
            return KIND_FWD;
        }
    }

    /** A typedef: {@code name} for {@code type}. */
    record Typedef(String name, int type) implements Ref {
        public int kind() {
            return KIND_TYPEDEF;
        }
    }

    /** {@code volatile type}. */
    record Volatile(int type) implements Qualifier {
        public String name() {
            return "";
        }

        public int kind() {
            return KIND_VOLATILE;
        }
    }

    /** {@code const type}. */
    record Const(int type) implements Qualifier {
        public String name() {
            return "";
        }

        public int kind() {
            return KIND_CONST;
        }
    }

    /** {@code restrict type}. */
    record Restrict(int type) implements Qualifier {
        public String name() {
            return "";
        }

        public int kind() {
            return KIND_RESTRICT;
        }
    }

    /** A function: {@code type} is its FUNC_PROTO; linkage static, global or extern. */
    record Func(String name, int type, int linkage) implements Ref {
        public int kind() {
            return KIND_FUNC;
        }
    }

    /** A parameter of a {@link FuncProto}: its name (empty in a prototype without names) and type. */
    record Param(String name, int type) {
    }

    /** A function prototype; a last parameter with type 0 and no name means "...". */
    record FuncProto(int returnType, List<Param> params) implements BtfType {
        public FuncProto {
            params = List.copyOf(params);
        }

        public String name() {
            return "";
        }

        public int kind() {
            return KIND_FUNC_PROTO;
        }

        public boolean variadic() {
            return !params.isEmpty() && params.getLast().type() == 0 && params.getLast().name().isEmpty();
        }
    }

    /** A global variable of {@code type}, described in a {@link Datasec}; linkage static, global or extern. */
    record Var(String name, int type, int linkage) implements Ref {
        public int kind() {
            return KIND_VAR;
        }
    }

    /** One variable of a DATASEC: its VAR (or FUNC for externs) type id, offset and size in the section. */
    record VarSecinfo(int type, int offset, int size) {
    }

    /** A data section ({@code .data}, {@code .bss}, {@code .rodata}, {@code .maps}, ...) and the variables in it. */
    record Datasec(String name, int size, List<VarSecinfo> vars) implements BtfType {
        public Datasec {
            vars = List.copyOf(vars);
        }

        public int kind() {
            return KIND_DATASEC;
        }
    }

    /** A floating-point type of {@code size} bytes. */
    record Float(String name, int size) implements BtfType {
        public int kind() {
            return KIND_FLOAT;
        }
    }

    /**
     * A declaration tag on {@code type}; {@code componentIdx} -1 for the type itself, else a member
     * or parameter. {@code attribute} (kind_flag) marks a tag that is a C attribute rather than a btf_decl_tag.
     */
    record DeclTag(String name, int type, int componentIdx, boolean attribute) implements Ref {
        public DeclTag(String name, int type, int componentIdx) {
            this(name, type, componentIdx, false);
        }

        public int kind() {
            return KIND_DECL_TAG;
        }
    }

    /** A type tag; {@code attribute} (kind_flag) marks a tag that is a C attribute rather than a btf_type_tag. */
    record TypeTag(String name, int type, boolean attribute) implements Qualifier {
        public TypeTag(String name, int type) {
            this(name, type, false);
        }

        public int kind() {
            return KIND_TYPE_TAG;
        }
    }
}
