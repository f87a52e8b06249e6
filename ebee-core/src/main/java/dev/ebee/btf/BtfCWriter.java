package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.btf.BtfType.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes BTF as a C header, like {@code bpftool btf dump file ... format c} writes the
 * {@code vmlinux.h} that CO-RE programs include: every named struct, union, enum and typedef,
 * ordered so that a type is complete before it is embedded and forward-declared before it is
 * pointed to; anonymous types inline; bitfields; explicit padding where the natural C layout would
 * differ from the recorded offsets; {@code __attribute__((packed))} where the layout is packed;
 * enum sizes other than 4 with {@code mode}; names that would clash renamed with a {@code ___N}
 * suffix; the records marked with {@code preserve_access_index} for CO-RE.
 */
public final class BtfCWriter {
    private static final int NONE = 0, DECLARED = 1, EMITTING = 2, DEFINED = 3;
    private static final int MAX_DEPTH = 2000;

    private final Btf btf;
    private final int n;
    private final String[] names;
    private final Map<Long, String> enumeratorNames = new HashMap<>();
    private final byte[] state;
    private final boolean[] referenced;
    private final boolean[] declared;
    private String guard = "__VMLINUX_H__";
    private StringBuilder out;
    private int padCount;

    public BtfCWriter(Btf btf) {
        this.btf = btf;
        this.n = btf.typeCount();
        this.names = new String[n];
        this.state = new byte[n];
        this.referenced = new boolean[n];
        this.declared = new boolean[n];
    }

    /** The include guard macro ({@code __VMLINUX_H__} by default). */
    public BtfCWriter guard(String macro) {
        this.guard = macro;
        return this;
    }

    /** The whole header as a string. */
    public String write() {
        StringBuilder sb = new StringBuilder(1 << 20);
        write(sb);
        return sb.toString();
    }

    /** Writes the whole header to {@code dest}. */
    public void write(Appendable dest) {
        StringBuilder sb = dest instanceof StringBuilder s ? s : new StringBuilder(1 << 20);
        out = sb;
        assignNames();
        sb.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n");
        sb.append("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n")
                .append("#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n")
                .append("#endif\n\n");
        for (int id = 1; id < n; id++) {
            BtfType t = btf.type(id);
            switch (t) {
                case Composite c -> {
                    if (!c.name().isEmpty()) {
                        ensure(id, true, 0);
                    }
                }
                case AnyEnum e -> {
                    if (!e.name().isEmpty()) {
                        ensure(id, true, 0);
                    } else if (!referenced[id]) {
                        sb.append(enumBody(id, e, 0)).append(";\n\n");
                    }
                }
                case Fwd f -> ensure(id, false, 0);
                case Typedef td -> ensure(id, true, 0);
                default -> {
                }
            }
        }
        sb.append("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n");
        sb.append("#endif /* ").append(guard).append(" */\n");
        if (sb != dest) {
            try {
                dest.append(sb);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ names

    private void assignNames() {
        Map<String, String> tagKeyword = new HashMap<>();
        Map<String, Integer> tagCount = new HashMap<>();
        Map<String, Integer> ordinary = new HashMap<>();
        for (int id = 1; id < n; id++) {
            BtfType t = btf.type(id);
            markReferences(t);
            String nm = t.name();
            if (nm.isEmpty()) {
                if (t instanceof Typedef || t instanceof Fwd) {
                    names[id] = "__ebee_anon_" + id; // invalid BTF, but still writable
                }
                continue;
            }
            switch (t) {
                case Composite c -> names[id] = claimTag(tagKeyword, tagCount, keyword(t), nm, true);
                case AnyEnum e -> names[id] = claimTag(tagKeyword, tagCount, "enum", nm, !e.values().isEmpty());
                case Fwd f -> names[id] = claimTag(tagKeyword, tagCount, f.union() ? "union" : "struct", nm, false);
                case Typedef td -> names[id] = claim(ordinary, nm);
                default -> {
                }
            }
        }
        for (int id = 1; id < n; id++) {
            if (btf.type(id) instanceof AnyEnum e) {
                for (int i = 0; i < e.values().size(); i++) {
                    String nm = claim(ordinary, e.values().get(i).name());
                    if (!nm.equals(e.values().get(i).name())) {
                        enumeratorNames.put((long) id << 32 | i, nm);
                    }
                }
            }
        }
    }

    private static String claim(Map<String, Integer> used, String nm) {
        int c = used.merge(nm, 1, Integer::sum);
        return c == 1 ? nm : nm + "___" + c;
    }

    /** Tags share one namespace; a forward declaration or an enum without values never conflicts. */
    private static String claimTag(Map<String, String> kw, Map<String, Integer> count, String keyword, String nm,
                                   boolean definition) {
        String prev = kw.putIfAbsent(nm, keyword);
        if (prev != null && !prev.equals(keyword)) {
            // another kind of tag owns the name
            int c = count.merge(nm, 1, Integer::sum) + 1;
            return nm + "___" + c;
        }
        if (!definition) {
            return nm;
        }
        int c = count.merge(nm + "\0def", 1, Integer::sum);
        return c == 1 ? nm : nm + "___" + c;
    }

    private void markReferences(BtfType t) {
        switch (t) {
            case Ref r -> mark(r.type());
            case Array a -> mark(a.type());
            case Composite c -> c.members().forEach(m -> mark(m.type()));
            case FuncProto fp -> {
                mark(fp.returnType());
                fp.params().forEach(p -> mark(p.type()));
            }
            default -> {
            }
        }
    }

    private void mark(int id) {
        if (id > 0 && id < n) {
            referenced[id] = true;
        }
    }

    private static String keyword(BtfType t) {
        return t.kind() == BtfType.KIND_UNION ? "union" : "struct";
    }

    // ------------------------------------------------------------------ ordering

    /** Makes {@code id} usable: complete when {@code strong} (embedded by value), else declared. */
    private void ensure(int id, boolean strong, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BtfException(btf.source() + ": types nested too deeply to write as C at type id " + id);
        }
        BtfType t = btf.type(id);
        switch (t) {
            case Ptr p -> ensure(p.type(), false, depth + 1);
            case Array a -> ensure(a.type(), true, depth + 1);
            case Qualifier q -> ensure(q.type(), strong, depth + 1);
            case FuncProto fp -> {
                ensure(fp.returnType(), false, depth + 1);
                for (Param p : fp.params()) {
                    ensure(p.type(), false, depth + 1);
                }
            }
            case Fwd f -> {
                if (state[id] == NONE) {
                    state[id] = DECLARED;
                    out.append(f.union() ? "union " : "struct ").append(names[id]).append(";\n\n");
                }
            }
            case AnyEnum e -> {
                if (e.name().isEmpty() || state[id] != NONE) {
                    return;
                }
                state[id] = DEFINED;
                out.append(enumBody(id, e, 0)).append(";\n\n");
            }
            case Typedef td -> {
                if (state[id] == NONE && names[id].equals("__builtin_va_list")) {
                    state[id] = DEFINED; // the compiler's own
                }
                if (state[id] == NONE) {
                    state[id] = EMITTING;
                    ensure(td.type(), false, depth + 1);
                    out.append("typedef ").append(decl(td.type(), names[id], 0)).append(";\n\n");
                    state[id] = DEFINED;
                }
                if (strong) {
                    ensure(td.type(), true, depth + 1);
                }
            }
            case Composite c -> {
                if (c.name().isEmpty()) {
                    if (state[id] == EMITTING) {
                        return;
                    }
                    byte old = state[id];
                    state[id] = EMITTING;
                    for (Member m : c.members()) {
                        ensure(m.type(), true, depth + 1);
                    }
                    state[id] = old;
                    return;
                }
                if (!strong) {
                    if (state[id] != DEFINED && !declared[id]) {
                        declared[id] = true;
                        if (state[id] == NONE) {
                            state[id] = DECLARED;
                        }
                        out.append(keyword(c)).append(' ').append(names[id]).append(";\n\n");
                    }
                    return;
                }
                if (state[id] == DEFINED || state[id] == EMITTING) {
                    return;
                }
                state[id] = EMITTING;
                for (Member m : c.members()) {
                    ensure(m.type(), true, depth + 1);
                }
                out.append(keyword(c)).append(' ').append(names[id]).append(' ').append(body(id, c, 0)).append(";\n\n");
                state[id] = DEFINED;
            }
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------ declarations

    private static String tabs(int n) {
        return "\t".repeat(n);
    }

    private String enumBody(int id, AnyEnum e, int indent) {
        StringBuilder sb = new StringBuilder("enum ");
        if (!e.name().isEmpty()) {
            sb.append(names[id]).append(' ');
        }
        if (e.values().isEmpty()) {
            return sb.toString().strip();
        }
        sb.append("{\n");
        for (int i = 0; i < e.values().size(); i++) {
            EnumValue v = e.values().get(i);
            String nm = enumeratorNames.getOrDefault((long) id << 32 | i, v.name());
            sb.append(tabs(indent + 1)).append(nm).append(" = ").append(enumValue(e, v.value())).append(",\n");
        }
        sb.append(tabs(indent)).append('}');
        switch (e.size()) {
            case 1 -> sb.append(" __attribute__((mode(QI)))");
            case 2 -> sb.append(" __attribute__((mode(HI)))");
            case 8 -> sb.append(" __attribute__((mode(DI)))");
            default -> {
            }
        }
        return sb.toString();
    }

    private static String enumValue(AnyEnum e, long v) {
        if (e.signed()) {
            if (v == Long.MIN_VALUE) {
                return "(-9223372036854775807LL - 1)";
            }
            return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? v + "LL" : Long.toString(v);
        }
        if (e instanceof BtfType.Enum) {
            v &= 0xffffffffL;
        }
        return v < 0 || v > 0xffffffffL ? Long.toUnsignedString(v) + "ULL" : Long.toString(v);
    }

    /** "{ members }" with padding, plus the packed attribute when needed. */
    private String body(int id, Composite c, int indent) {
        if (indent > 64) {
            throw new BtfException(btf.source() + ": anonymous types nested too deeply (a cycle?) at type id " + id);
        }
        StringBuilder sb = new StringBuilder("{\n");
        boolean union = c.kind() == BtfType.KIND_UNION;
        boolean packed = btf.isPacked(id);
        long cur = 0;
        int maxAlign = 1;
        long maxEnd = 0;
        for (Member m : c.members()) {
            long off = m.bitOffset() & 0xffffffffL;
            int align = packed ? 1 : btf.alignOf(m.type());
            maxAlign = Math.max(maxAlign, align);
            long size;
            if (!union) {
                if (m.bitfieldSize() == 0) {
                    long natural = alignUp(cur, align * 8L);
                    if (off > natural) {
                        pad(sb, cur, off, indent + 1);
                    }
                    size = btf.sizeOf(m.type()) * 8;
                    cur = off + size;
                } else {
                    long unit = btf.sizeOf(m.type()) * 8;
                    long natural = cur;
                    if (!packed && unit > 0 && cur / unit != (cur + m.bitfieldSize() - 1) / unit) {
                        natural = alignUp(cur, unit);
                    }
                    if (off > natural) {
                        pad(sb, cur, off, indent + 1);
                    }
                    cur = off + m.bitfieldSize();
                }
            } else {
                size = m.bitfieldSize() != 0 ? m.bitfieldSize() : btf.sizeOf(m.type()) * 8;
                maxEnd = Math.max(maxEnd, size);
            }
            sb.append(tabs(indent + 1)).append(decl(m.type(), m.name(), indent + 1));
            if (m.bitfieldSize() != 0) {
                sb.append(": ").append(m.bitfieldSize());
            }
            sb.append(";\n");
        }
        long total = (long) c.size() * 8;
        if (!union) {
            if (total > alignUp(cur, maxAlign * 8L)) {
                pad(sb, cur, total, indent + 1);
            }
        } else if (total > alignUp(maxEnd, maxAlign * 8L)) {
            sb.append(tabs(indent + 1)).append("char __pad[").append(c.size()).append("];\n");
        }
        sb.append(tabs(indent)).append('}');
        if (packed) {
            sb.append(" __attribute__((packed))");
        }
        return sb.toString();
    }

    /** Unnamed bitfields covering bits [from, to), each within its own unit so none straddles. */
    private void pad(StringBuilder sb, long from, long to, int indent) {
        long cur = from;
        if (to - cur > 1024) {
            // a long gap: byte-align, then one char array
            if (cur % 8 != 0) {
                sb.append(tabs(indent)).append("char: ").append(8 - cur % 8).append(";\n");
                cur += 8 - cur % 8;
            }
            long bytes = (to - cur) / 8;
            sb.append(tabs(indent)).append("char __ebee_pad").append(padCount++).append('[').append(bytes).append("];\n");
            cur += bytes * 8;
        }
        while (cur < to) {
            long w;
            String type;
            if (cur % 8 != 0 || to - cur < 8) {
                w = Math.min(to - cur, 8 - cur % 8);
                type = "char";
            } else if (cur % 64 == 0 && to - cur >= 64) {
                w = 64;
                type = "long";
            } else if (cur % 32 == 0 && to - cur >= 32) {
                w = 32;
                type = "int";
            } else if (cur % 16 == 0 && to - cur >= 16) {
                w = 16;
                type = "short";
            } else {
                w = 8;
                type = "char";
            }
            sb.append(tabs(indent)).append(type).append(": ").append(w).append(";\n");
            cur += w;
        }
    }

    private static long alignUp(long v, long a) {
        return a <= 1 ? v : (v + a - 1) / a * a;
    }

    /** The C declaration of {@code inner} (a name, possibly with declarator parts) of type {@code id}. */
    private String decl(int id, String inner, int indent) {
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            BtfType t = btf.type(id);
            switch (t) {
                case Ptr p -> {
                    int target = btf.skipQualifiers(p.type());
                    int k = btf.kind(target);
                    inner = "*" + inner;
                    if (k == BtfType.KIND_ARRAY || k == BtfType.KIND_FUNC_PROTO) {
                        inner = "(" + inner + ")";
                    }
                    id = p.type();
                }
                case Array a -> {
                    inner = inner + "[" + Integer.toUnsignedString(a.nelems()) + "]";
                    id = a.type();
                }
                case FuncProto fp -> {
                    StringBuilder ps = new StringBuilder("(");
                    if (fp.params().isEmpty()) {
                        ps.append("void");
                    }
                    for (int i = 0; i < fp.params().size(); i++) {
                        Param p = fp.params().get(i);
                        if (i > 0) {
                            ps.append(", ");
                        }
                        ps.append(p.type() == 0 && i == fp.params().size() - 1 ? "..." : decl(p.type(), "", indent));
                    }
                    inner = inner + ps.append(')');
                    id = fp.returnType();
                }
                case Const q -> {
                    if (btf.kind(btf.skipQualifiers(q.type())) == BtfType.KIND_ARRAY) {
                        id = q.type(); // the element carries its own qualifiers
                    } else if (btf.kind(btf.skipQualifiers(q.type())) == BtfType.KIND_PTR) {
                        inner = "const " + inner;
                        id = q.type();
                    } else if (btf.kind(btf.skipQualifiers(q.type())) == BtfType.KIND_FUNC_PROTO) {
                        id = q.type();
                    } else {
                        return "const " + decl(q.type(), inner, indent);
                    }
                }
                case Volatile q -> {
                    if (btf.kind(btf.skipQualifiers(q.type())) == BtfType.KIND_ARRAY) {
                        id = q.type();
                    } else if (btf.kind(btf.skipQualifiers(q.type())) == BtfType.KIND_PTR) {
                        inner = "volatile " + inner;
                        id = q.type();
                    } else if (btf.kind(btf.skipQualifiers(q.type())) == BtfType.KIND_FUNC_PROTO) {
                        id = q.type();
                    } else {
                        return "volatile " + decl(q.type(), inner, indent);
                    }
                }
                case Restrict q -> {
                    if (btf.kind(btf.skipQualifiers(q.type())) == BtfType.KIND_PTR) {
                        inner = "restrict " + inner;
                    }
                    id = q.type();
                }
                case TypeTag q -> id = q.type();
                default -> {
                    return join(base(id, t, indent), inner);
                }
            }
            inner = inner.strip().replace("  ", " ");
        }
        throw new BtfException(btf.source() + ": declarator chain too long (a cycle?) at type id " + id);
    }

    private static String join(String base, String inner) {
        return inner.isEmpty() ? base : base + " " + inner;
    }

    private String base(int id, BtfType t, int indent) {
        return switch (t) {
            case BtfType.Void v -> "void";
            case Int i -> i.name().isEmpty() ? "int" : i.name();
            case BtfType.Float f -> f.name();
            case Typedef td -> names[id];
            case Fwd f -> (f.union() ? "union " : "struct ") + names[id];
            case AnyEnum e -> e.name().isEmpty() ? enumBody(id, e, indent) : "enum " + names[id];
            case Composite c -> c.name().isEmpty() ? keyword(c) + " " + body(id, c, indent) : keyword(c) + " " + names[id];
            default -> throw new BtfException(btf.source() + ": type id " + id + " (" + t.kindName() + ") cannot be written as a C type");
        };
    }
}
