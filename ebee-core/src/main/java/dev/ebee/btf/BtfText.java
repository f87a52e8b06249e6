package dev.ebee.btf;

import dev.ebee.btf.BtfType.*;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The raw text format of {@code bpftool btf dump ... format raw}: one line per type, members indented. */
public final class BtfText {
    private BtfText() {
    }

    /** Every local type of {@code btf}. */
    public static String dump(Btf btf) {
        StringBuilder sb = new StringBuilder(btf.localTypeCount() * 64);
        dump(btf, sb);
        return sb.toString();
    }

    public static void dump(Btf btf, Appendable out) {
        try {
            for (int id = btf.firstLocalId(); id < btf.typeCount(); id++) {
                out.append(format(btf, id)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String q(String name) {
        return "'" + (name.isEmpty() ? "(anon)" : name) + "'";
    }

    private static String linkage(int l) {
        return switch (l) {
            case BtfType.LINKAGE_STATIC -> "static";
            case BtfType.LINKAGE_GLOBAL -> "global";
            case BtfType.LINKAGE_EXTERN -> "extern";
            default -> "(unknown)";
        };
    }

    /** One type (and its members on following lines). */
    public static String format(Btf btf, int id) {
        BtfType t = btf.type(id);
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(id).append("] ").append(t.kindName()).append(' ').append(q(t.name()));
        switch (t) {
            case BtfType.Void v -> {
            }
            case Int i -> sb.append(" size=").append(i.size()).append(" bits_offset=").append(i.offset())
                    .append(" nr_bits=").append(i.bits()).append(" encoding=").append(switch (i.encoding()) {
                        case 0 -> "(none)";
                        case BtfType.INT_SIGNED -> "SIGNED";
                        case BtfType.INT_CHAR -> "CHAR";
                        case BtfType.INT_BOOL -> "BOOL";
                        default -> "(unknown)";
                    });
            case Ptr p -> sb.append(" type_id=").append(p.type());
            case Qualifier x -> sb.append(" type_id=").append(x.type());
            case Typedef x -> sb.append(" type_id=").append(x.type());
            case Array a -> sb.append(" type_id=").append(a.type()).append(" index_type_id=").append(a.indexType())
                    .append(" nr_elems=").append(Integer.toUnsignedString(a.nelems()));
            case Composite c -> {
                sb.append(" size=").append(c.size()).append(" vlen=").append(c.members().size());
                for (Member m : c.members()) {
                    sb.append("\n\t").append(q(m.name())).append(" type_id=").append(m.type())
                            .append(" bits_offset=").append(Integer.toUnsignedString(m.bitOffset()));
                    if (m.bitfieldSize() != 0) {
                        sb.append(" bitfield_size=").append(m.bitfieldSize());
                    }
                }
            }
            case AnyEnum e -> {
                sb.append(" encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=").append(e.size())
                        .append(" vlen=").append(e.values().size());
                for (EnumValue v : e.values()) {
                    sb.append("\n\t").append(q(v.name())).append(" val=");
                    if (e instanceof Enum64) {
                        sb.append(e.signed() ? Long.toString(v.value()) + "LL" : Long.toUnsignedString(v.value()) + "ULL");
                    } else {
                        sb.append(e.signed() ? Integer.toString((int) v.value()) : Long.toString(v.value() & 0xffffffffL));
                    }
                }
            }
            case Fwd f -> sb.append(" fwd_kind=").append(f.union() ? "union" : "struct");
            case Func f -> sb.append(" type_id=").append(f.type()).append(" linkage=").append(linkage(f.linkage()));
            case FuncProto fp -> {
                sb.append(" ret_type_id=").append(fp.returnType()).append(" vlen=").append(fp.params().size());
                for (Param p : fp.params()) {
                    sb.append("\n\t").append(q(p.name())).append(" type_id=").append(p.type());
                }
            }
            case Var v -> sb.append(" type_id=").append(v.type()).append(", linkage=").append(linkage(v.linkage()));
            case Datasec d -> {
                sb.append(" size=").append(Integer.toUnsignedString(d.size())).append(" vlen=").append(d.vars().size());
                for (VarSecinfo v : d.vars()) {
                    sb.append("\n\ttype_id=").append(v.type()).append(" offset=").append(Integer.toUnsignedString(v.offset()))
                            .append(" size=").append(Integer.toUnsignedString(v.size()));
                    if (v.type() > 0 && v.type() < btf.typeCount()) {
                        BtfType vt = btf.type(v.type());
                        sb.append(" (").append(vt.kindName()).append(' ').append(q(vt.name())).append(')');
                    }
                }
            }
            case BtfType.Float f -> sb.append(" size=").append(f.size());
            case DeclTag d -> sb.append(" type_id=").append(d.type()).append(" component_idx=").append(d.componentIdx());
        }
        return sb.toString();
    }
}
