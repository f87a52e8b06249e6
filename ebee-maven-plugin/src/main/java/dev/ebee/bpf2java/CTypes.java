package dev.ebee.bpf2java;

import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfType;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link CType} layouts of an object's BTF types. BTF describes C as the compiler saw it
 * (typedef chains, qualifiers, legacy bitfield encodings); the generator wants only sizes,
 * offsets and names, so this is where BTF ends and the Java mapping starts. A type Java cannot
 * map becomes {@link CType.Unsupported} with the reason, for the caller to report or skip.
 */
final class CTypes {
    private static final int MAX_DEPTH = 64;

    private final Btf btf;

    CTypes(Btf btf) {
        this.btf = btf;
    }

    /** The layout of type {@code id}, with typedefs and qualifiers peeled off; {@code where} names it in reasons. */
    CType of(int id, String where) {
        return convert(id, where, 0);
    }

    private CType convert(int id, String where, int depth) {
        if (depth > MAX_DEPTH) {
            return new CType.Unsupported("type " + id, "nested more than " + MAX_DEPTH + " levels");
        }
        String typedefName = null;
        int rid = id;
        for (int i = 0; i < MAX_DEPTH; i++) {
            BtfType t = btf.type(rid);
            if (t instanceof BtfType.Typedef td) {
                if (typedefName == null) {
                    typedefName = td.name();
                }
                rid = td.type();
            } else if (t instanceof BtfType.Qualifier q) {
                rid = q.type();
            } else {
                break;
            }
        }
        BtfType t = btf.type(rid);
        return switch (t) {
            case BtfType.Int i when i.size() != 1 && i.size() != 2 && i.size() != 4 && i.size() != 8 ->
                    new CType.Unsupported(typedefName != null ? typedefName : i.name(), i.size() * 8 + "-bit integer");
            case BtfType.Int i -> new CType.Int(typedefName != null ? typedefName : i.name(), i.size(), i.signed(),
                    i.isChar() || i.size() == 1 && i.name().equals("char"), i.isBool());
            case BtfType.Float f -> f.size() == 4 || f.size() == 8
                    ? new CType.Float(typedefName != null ? typedefName : f.name(), f.size())
                    : new CType.Unsupported(f.name(), f.size() * 8 + "-bit floating point");
            case BtfType.Ptr p -> new CType.Pointer(typedefName != null ? typedefName : pointeeName(p.type()) + " *");
            case BtfType.Array a -> {
                CType elem = convert(a.type(), where, depth + 1);
                if (elem instanceof CType.Unsupported) {
                    yield elem;
                }
                yield new CType.Array(elem, Integer.toUnsignedLong(a.nelems()));
            }
            case BtfType.Composite c -> {
                List<CType.Member> members = new ArrayList<>();
                for (BtfType.Member m : c.members()) {
                    String mwhere = where + "." + (m.name().isEmpty() ? "<anonymous>" : m.name());
                    CType mt = convert(m.type(), mwhere, depth + 1);
                    if (mt instanceof CType.Unsupported u) {
                        yield new CType.Unsupported(u.cName(), u.why() + ", in " + (c instanceof BtfType.Union ? "union " : "struct ")
                                + (c.name().isEmpty() ? "<anonymous>" : c.name()) + " member '"
                                + (m.name().isEmpty() ? "<anonymous>" : m.name()) + "'");
                    }
                    long bitOffset = Integer.toUnsignedLong(m.bitOffset());
                    int bits = m.bitfieldSize();
                    if (bits == 0 && btf.type(btf.resolve(m.type())) instanceof BtfType.Int legacy
                            && (legacy.bits() != legacy.size() * 8 || legacy.offset() != 0)) {
                        bits = legacy.bits();
                        bitOffset += legacy.offset();
                    }
                    if (bits == 0 && bitOffset % 8 != 0) {
                        yield new CType.Unsupported(mt.cName(), "member at bit offset " + bitOffset + ", in "
                                + c.name() + " member '" + m.name() + "'");
                    }
                    members.add(new CType.Member(m.name(), mt, bitOffset, bits));
                }
                yield new CType.Struct(c.name(), c.size(), c instanceof BtfType.Union, members);
            }
            case BtfType.AnyEnum e -> {
                List<CType.EnumValue> values = new ArrayList<>();
                for (BtfType.EnumValue v : e.values()) {
                    values.add(new CType.EnumValue(v.name(), v.value()));
                }
                yield new CType.Enum(e.name(), e.size(), e.signed(), values);
            }
            case BtfType.Void v -> new CType.Unsupported("void", "no size");
            case BtfType.Fwd f -> new CType.Unsupported((f.union() ? "union " : "struct ") + f.name(),
                    "declared but not defined in this object");
            case BtfType.FuncProto fp -> new CType.Unsupported("function", "a function type has no data layout");
            default -> new CType.Unsupported(t.kindName() + " " + t.name(), "BTF kind " + t.kindName() + " is not a data type");
        };
    }

    private String pointeeName(int id) {
        for (int i = 0; i < MAX_DEPTH; i++) {
            BtfType t = btf.type(id);
            switch (t) {
                case BtfType.Void v -> {
                    return "void";
                }
                case BtfType.Qualifier q -> id = q.type();
                case BtfType.Ptr p -> {
                    return pointeeName(p.type()) + " *";
                }
                case BtfType.Composite c -> {
                    return (c instanceof BtfType.Union ? "union " : "struct ") + c.name();
                }
                case BtfType.AnyEnum e -> {
                    return "enum " + e.name();
                }
                case BtfType.Fwd f -> {
                    return (f.union() ? "union " : "struct ") + f.name();
                }
                case BtfType.FuncProto fp -> {
                    return "function";
                }
                default -> {
                    return t.name().isEmpty() ? t.kindName().toLowerCase(java.util.Locale.ROOT) : t.name();
                }
            }
        }
        return "?";
    }
}
