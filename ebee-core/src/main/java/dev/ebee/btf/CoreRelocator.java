package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.asm.Insn;
import dev.ebee.asm.Op;
import dev.ebee.btf.BtfType.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes CO-RE relocations: for a relocation record of an object's (local) BTF, finds the
 * matching types in the target BTF (the kernel's, or any other), walks the access string through
 * both, and yields the value the instruction must carry on the target. Semantics follow the
 * conventions of libbpf, so that objects written for libbpf relocate the same way:
 * <ul>
 * <li>candidates are target types of the same kind whose names are equal once a {@code ___flavour}
 * suffix is dropped from both; several candidates must agree, or it is an ambiguity error;</li>
 * <li>without a matching candidate, FIELD_EXISTS, ENUMVAL_EXISTS and the type-based kinds
 * (TYPE_EXISTS, TYPE_MATCHES, TYPE_SIZE, TYPE_ID_TARGET) evaluate to 0, and the other kinds give a
 * "poison" result: the loader replaces the instruction by a call of the invalid helper
 * {@link #POISON_HELPER}, which the verifier accepts only in dead code.</li>
 * </ul>
 * Target lists are searched in order; the first BTF that has candidates is used (vmlinux before
 * modules). Candidate lists are cached per local type.
 */
public final class CoreRelocator {
    /** The helper number of a poisoned instruction (0xbad2310, "bad relo"). */
    public static final int POISON_HELPER = 0xbad2310;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_ACCESS = 64;

    private final Btf local;
    private final List<Btf> targets;
    private final Map<Integer, Candidates> cands = new HashMap<>();

    /**
     * The outcome for one relocation. {@code oldValue} is what the compiler put in the instruction
     * (computed from the local BTF), {@code newValue} what the target needs; {@code poison} asks for
     * the instruction to be replaced by a call of {@link #POISON_HELPER}. {@code oldSize}/{@code newSize}
     * are the field's byte sizes for FIELD_BYTE_OFFSET (memory access size changes), else 0.
     * {@code targetBtf} is the BTF the candidate came from (null when none matched).
     */
    public record Result(CoreKind kind, long oldValue, long newValue, boolean poison, boolean validate,
                         int oldSize, int newSize, boolean failMemSizeAdjust, int targetTypeId, Btf targetBtf,
                         String explanation) {
    }

    public CoreRelocator(Btf local, Btf target) {
        this(local, List.of(target));
    }

    public CoreRelocator(Btf local, List<Btf> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target BTF");
        }
        this.local = local;
        this.targets = List.copyOf(targets);
    }

    public Result relocate(BtfExt.CoreRelo relo) {
        return relocate(relo.typeId(), relo.accessString(), relo.kind());
    }

    /** Relocation of kind {@code kind} for local type {@code typeId} and access string such as "0:1:2". */
    public Result relocate(int typeId, String access, CoreKind kind) {
        Spec localSpec = parseSpec(local, typeId, access, kind);
        String what = kind + " " + describe(local, typeId) + " (" + access + ")";
        if (kind == CoreKind.TYPE_ID_LOCAL) {
            return new Result(kind, typeId, typeId, false, true, 0, 0, false, typeId, local, what + ": local type id " + typeId);
        }
        String localName = local.name(typeId);
        if (localName.isEmpty()) {
            throw new BtfException(local.source() + ": " + what + ": CO-RE relocation against an anonymous type is not supported",
                    "give the type a name (a typedef or a struct tag)");
        }
        Candidates cs = candidates(typeId);
        Result best = null;
        Spec bestSpec = null;
        List<String> matched = new ArrayList<>();
        for (int i = 0; i < cs.ids.size(); i++) {
            Spec ts = match(localSpec, cs.btf, cs.ids.get(i));
            if (ts == null) {
                continue;
            }
            Result r = calc(localSpec, ts, what);
            matched.add(describe(cs.btf, cs.ids.get(i)));
            if (best == null) {
                best = r;
                bestSpec = ts;
            } else if (kind.isFieldBased() && ts.bitOffset != bestSpec.bitOffset) {
                throw new BtfException(local.source() + ": " + what + ": field offset ambiguity: candidates "
                        + matched + " give bit offsets " + bestSpec.bitOffset + " and " + ts.bitOffset,
                        "rename the local type with a ___flavour suffix that selects one of them, or make the access unambiguous");
            } else if (r.poison() != best.poison() || r.newValue() != best.newValue()) {
                throw new BtfException(local.source() + ": " + what + ": relocation ambiguity: candidates "
                        + matched + " give " + best.newValue() + " and " + r.newValue(), null);
            }
        }
        if (best != null) {
            return best;
        }
        return calc(localSpec, null, what + (cs.ids.isEmpty() ? ": no candidate type in target BTF"
                : ": no compatible candidate among " + cs.ids.size()));
    }

    // ------------------------------------------------------------------ candidates

    private record Candidates(Btf btf, List<Integer> ids) {
    }

    private Candidates candidates(int localId) {
        Candidates c = cands.get(localId);
        if (c != null) {
            return c;
        }
        String name = local.name(localId);
        int kind = local.kind(localId);
        Candidates found = null;
        for (Btf t : targets) {
            List<Integer> ids = new ArrayList<>();
            for (int id : t.typesByEssentialName(name, kind)) {
                if (kindCompat(kind, t.kind(id))) {
                    ids.add(id);
                }
            }
            if (!ids.isEmpty()) {
                found = new Candidates(t, ids);
                break;
            }
        }
        if (found == null) {
            found = new Candidates(targets.getFirst(), List.of());
        }
        cands.put(localId, found);
        return found;
    }

    private static boolean kindCompat(int a, int b) {
        return a == b || isEnum(a) && isEnum(b);
    }

    private static boolean isEnum(int k) {
        return k == BtfType.KIND_ENUM || k == BtfType.KIND_ENUM64;
    }

    private static boolean isComposite(int k) {
        return k == BtfType.KIND_STRUCT || k == BtfType.KIND_UNION;
    }

    // ------------------------------------------------------------------ specs

    /** One step of an access path: {@code typeId} is the composite (member) or element (array) type. */
    private record Acc(int typeId, int idx, String name) {
    }

    private static final class Spec {
        final Btf btf;
        final int rootId;
        final CoreKind kind;
        final List<Acc> spec = new ArrayList<>();
        final List<Integer> raw = new ArrayList<>();
        long bitOffset;

        Spec(Btf btf, int rootId, CoreKind kind) {
            this.btf = btf;
            this.rootId = rootId;
            this.kind = kind;
        }
    }

    private static Spec parseSpec(Btf btf, int typeId, String access, CoreKind kind) {
        if (typeId <= 0 || typeId >= btf.typeCount()) {
            throw new BtfException(btf.source() + ": CO-RE relocation refers to type id " + typeId + ", which does not exist");
        }
        String[] parts = access.isEmpty() ? new String[0] : access.split(":", -1);
        if (parts.length == 0 || parts.length > MAX_ACCESS) {
            throw new BtfException(btf.source() + ": invalid CO-RE access string '" + access + "'");
        }
        int[] idx = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                idx[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                idx[i] = -1;
            }
            if (idx[i] < 0) {
                throw new BtfException(btf.source() + ": invalid CO-RE access string '" + access + "'");
            }
        }
        Spec s = new Spec(btf, typeId, kind);
        for (int i : idx) {
            s.raw.add(i);
        }
        if (kind.isTypeBased()) {
            if (idx.length != 1 || idx[0] != 0) {
                throw new BtfException(btf.source() + ": type relocation " + kind + " with access string '" + access + "' (expected \"0\")");
            }
            return s;
        }
        int id = btf.resolve(typeId);
        if (kind.isEnumValueBased()) {
            if (!(btf.type(id) instanceof AnyEnum e) || idx.length != 1 || idx[0] >= e.values().size()) {
                throw new BtfException(btf.source() + ": " + kind + " relocation for " + describe(btf, typeId)
                        + " with access string '" + access + "' does not name an enumerator");
            }
            s.spec.add(new Acc(id, idx[0], e.values().get(idx[0]).name()));
            return s;
        }
        long sz = btf.sizeOf(id);
        s.spec.add(new Acc(id, idx[0], null));
        s.bitOffset = idx[0] * sz * 8;
        for (int i = 1; i < idx.length; i++) {
            BtfType t = btf.type(id);
            if (t instanceof Composite c) {
                if (idx[i] >= c.members().size()) {
                    throw new BtfException(btf.source() + ": CO-RE access '" + access + "' member index " + idx[i]
                            + " is out of range for " + describe(btf, id));
                }
                Member m = c.members().get(idx[i]);
                s.bitOffset += m.bitOffset();
                if (!m.name().isEmpty()) {
                    s.spec.add(new Acc(id, idx[i], m.name()));
                }
                id = btf.resolve(m.type());
            } else if (t instanceof Array a) {
                boolean flex = a.nelems() == 0;
                id = btf.resolve(a.type());
                if (!flex && Integer.compareUnsigned(idx[i], a.nelems()) >= 0) {
                    throw new BtfException(btf.source() + ": CO-RE access '" + access + "' index " + idx[i]
                            + " is out of range for an array of " + a.nelems());
                }
                s.spec.add(new Acc(id, idx[i], null));
                s.bitOffset += idx[i] * btf.sizeOf(id) * 8;
            } else {
                throw new BtfException(btf.source() + ": CO-RE access '" + access + "' steps into "
                        + describe(btf, id) + ", which is neither a struct, a union nor an array");
            }
        }
        return s;
    }

    /** The target spec when candidate {@code targId} matches, else null. */
    private static Spec match(Spec local, Btf tb, int targId) {
        Spec ts = new Spec(tb, targId, local.kind);
        if (local.kind.isTypeBased()) {
            boolean ok = local.kind == CoreKind.TYPE_MATCHES
                    ? typesMatch(local.btf, local.rootId, tb, targId, false, 0)
                    : typesCompat(local.btf, local.rootId, tb, targId, 0);
            return ok ? ts : null;
        }
        if (local.kind.isEnumValueBased()) {
            int id = tb.resolve(targId);
            if (!(tb.type(id) instanceof AnyEnum e)) {
                return null;
            }
            String want = Btf.essentialName(local.spec.getFirst().name());
            for (int i = 0; i < e.values().size(); i++) {
                String n = e.values().get(i).name();
                if (!n.isEmpty() && Btf.essentialName(n).equals(want)) {
                    ts.spec.add(new Acc(id, i, n));
                    ts.raw.add(i);
                    return ts;
                }
            }
            return null;
        }
        int id = tb.resolve(targId);
        Acc first = local.spec.getFirst();
        ts.spec.add(new Acc(id, first.idx(), null));
        ts.raw.add(first.idx());
        ts.bitOffset = first.idx() * tb.sizeOf(id) * 8;
        for (int i = 1; i < local.spec.size(); i++) {
            Acc la = local.spec.get(i);
            if (la.name() != null) {
                int[] next = new int[1];
                if (!matchMember(local.btf, la, tb, id, ts, next, 0)) {
                    return null;
                }
                id = tb.resolve(next[0]);
            } else {
                if (!(tb.type(id) instanceof Array a)) {
                    return null;
                }
                boolean flex = a.nelems() == 0;
                if (!flex && Integer.compareUnsigned(la.idx(), a.nelems()) >= 0) {
                    return null;
                }
                id = tb.resolve(a.type());
                ts.spec.add(new Acc(id, la.idx(), null));
                ts.raw.add(la.idx());
                ts.bitOffset += la.idx() * tb.sizeOf(id) * 8;
            }
        }
        return ts;
    }

    private static boolean matchMember(Btf lb, Acc la, Btf tb, int targId, Spec ts, int[] next, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        Member lm = ((Composite) lb.type(la.typeId())).members().get(la.idx());
        int id = tb.resolve(targId);
        if (!(tb.type(id) instanceof Composite tc)) {
            return false;
        }
        for (int i = 0; i < tc.members().size(); i++) {
            Member tm = tc.members().get(i);
            ts.raw.add(i);
            ts.bitOffset += tm.bitOffset();
            if (tm.name().isEmpty()) {
                if (isComposite(tb.kind(tb.resolve(tm.type())))
                        && matchMember(lb, la, tb, tm.type(), ts, next, depth + 1)) {
                    return true;
                }
            } else if (tm.name().equals(lm.name())) {
                if (!fieldsCompat(lb, lm.type(), tb, tm.type())) {
                    return false;
                }
                ts.spec.add(new Acc(id, i, tm.name()));
                next[0] = tm.type();
                return true;
            }
            ts.raw.removeLast();
            ts.bitOffset -= tm.bitOffset();
        }
        return false;
    }

    private static boolean fieldsCompat(Btf lb, int lid, Btf tb, int tid) {
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            lid = lb.resolve(lid);
            tid = tb.resolve(tid);
            BtfType l = lb.type(lid), t = tb.type(tid);
            if (l instanceof Composite && t instanceof Composite) {
                return true;
            }
            if (!kindCompat(l.kind(), t.kind())) {
                return false;
            }
            // an instanceof chain, not a pattern switch: this runs on every tool's start-up path
            if (l instanceof Ptr || l instanceof BtfType.Float) {
                return true;
            } else if (l instanceof Fwd || l instanceof AnyEnum) {
                return namesMatch(l.name(), t.name());
            } else if (l instanceof Int i) {
                return i.offset() == 0 && ((Int) t).offset() == 0;
            } else if (l instanceof Array a) {
                lid = a.type();
                tid = ((Array) t).type();
            } else {
                return false;
            }
        }
        return false;
    }

    private static boolean namesMatch(String a, String b) {
        return a.isEmpty() || b.isEmpty() || Btf.essentialName(a).equals(Btf.essentialName(b));
    }

    /** libbpf's notion of compatible types for type-based relocations. */
    static boolean typesCompat(Btf lb, int lid, Btf tb, int tid, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        lid = lb.resolve(lid);
        tid = tb.resolve(tid);
        BtfType l = lb.type(lid), t = tb.type(tid);
        if (!kindCompat(l.kind(), t.kind())) {
            return false;
        }
        return switch (l) {
            case BtfType.Void v -> true;
            case Composite c -> true;
            case AnyEnum e -> true;
            case Fwd f -> true;
            case BtfType.Float f -> true;
            case Int i -> i.offset() == 0 && ((Int) t).offset() == 0;
            case Ptr p -> typesCompat(lb, p.type(), tb, ((Ptr) t).type(), depth + 1);
            case Array a -> typesCompat(lb, a.type(), tb, ((Array) t).type(), depth + 1);
            case FuncProto lp -> {
                FuncProto tp = (FuncProto) t;
                if (lp.params().size() != tp.params().size()) {
                    yield false;
                }
                for (int i = 0; i < lp.params().size(); i++) {
                    if (!typesCompat(lb, lp.params().get(i).type(), tb, tp.params().get(i).type(), depth + 1)) {
                        yield false;
                    }
                }
                yield typesCompat(lb, lp.returnType(), tb, tp.returnType(), depth + 1);
            }
            default -> false;
        };
    }

    /** The stricter TYPE_MATCHES relation: names, sizes, signedness and members must agree. */
    static boolean typesMatch(Btf lb, int lid, Btf tb, int tid, boolean behindPtr, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        lid = lb.resolve(lid);
        tid = tb.resolve(tid);
        BtfType l = lb.type(lid), t = tb.type(tid);
        boolean named = !l.name().isEmpty() && (l instanceof Composite || l instanceof AnyEnum || l instanceof Fwd);
        if (named && !Btf.essentialName(l.name()).equals(Btf.essentialName(t.name()))) {
            return false;
        }
        if (l instanceof Fwd lf) {
            return t instanceof Fwd tf ? lf.union() == tf.union()
                    : t instanceof Composite && (t.kind() == BtfType.KIND_UNION) == lf.union();
        }
        if (t instanceof Fwd tf && l instanceof Composite) {
            return (l.kind() == BtfType.KIND_UNION) == tf.union();
        }
        if (!kindCompat(l.kind(), t.kind())) {
            return false;
        }
        return switch (l) {
            case BtfType.Void v -> true;
            case Int li -> {
                Int ti = (Int) t;
                yield li.size() == ti.size() && li.signed() == ti.signed();
            }
            case BtfType.Float f -> f.size() == ((BtfType.Float) t).size();
            case AnyEnum le -> {
                AnyEnum te = (AnyEnum) t;
                if (le.size() != te.size()) {
                    yield false;
                }
                for (EnumValue v : le.values()) {
                    if (te.values().stream().noneMatch(x -> namesMatch(v.name(), x.name()))) {
                        yield false;
                    }
                }
                yield true;
            }
            case Composite lc -> {
                if (behindPtr) {
                    yield true;
                }
                Composite tc = (Composite) t;
                if (lc.members().size() > tc.members().size()) {
                    yield false;
                }
                for (Member m : lc.members()) {
                    Member tm = tc.members().stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
                    if (tm == null || !typesMatch(lb, m.type(), tb, tm.type(), false, depth + 1)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Ptr p -> typesMatch(lb, p.type(), tb, ((Ptr) t).type(), true, depth + 1);
            case Array a -> a.nelems() == ((Array) t).nelems()
                    && typesMatch(lb, a.type(), tb, ((Array) t).type(), behindPtr, depth + 1);
            case FuncProto lp -> {
                FuncProto tp = (FuncProto) t;
                if (lp.params().size() != tp.params().size()) {
                    yield false;
                }
                for (int i = 0; i < lp.params().size(); i++) {
                    if (!typesMatch(lb, lp.params().get(i).type(), tb, tp.params().get(i).type(), behindPtr, depth + 1)) {
                        yield false;
                    }
                }
                yield typesMatch(lb, lp.returnType(), tb, tp.returnType(), behindPtr, depth + 1);
            }
            default -> false;
        };
    }

    // ------------------------------------------------------------------ values

    private record FieldValue(long value, int size, int typeId, boolean bitfield, boolean poison, String note) {
    }

    private Result calc(Spec ls, Spec ts, String what) {
        CoreKind kind = ls.kind;
        if (kind.isFieldBased()) {
            FieldValue o = fieldValue(ls, kind);
            FieldValue n = ts == null ? (kind == CoreKind.FIELD_EXISTS ? new FieldValue(0, 0, 0, false, false, "")
                    : new FieldValue(0, 0, 0, false, true, "")) : fieldValue(ts, kind);
            boolean failAdjust = false;
            if (!n.poison && kind == CoreKind.FIELD_BYTE_OFFSET && o.size != n.size) {
                BtfType ot = ls.btf.type(o.typeId), nt = ts.btf.type(n.typeId);
                boolean ptrs = ot instanceof Ptr && nt instanceof Ptr;
                boolean unsignedInts = ot instanceof Int oi && nt instanceof Int ni && !oi.signed() && !ni.signed();
                failAdjust = !ptrs && !unsignedInts;
            }
            String expl = what + (n.poison ? ": field not found in target, instruction poisoned"
                    : ": " + o.value + " -> " + n.value + (ts == null ? " (no target)" : " in " + describe(ts.btf, ts.rootId)));
            // for bitfields the compiler may pick another load size and offset than we do (clang uses the
            // record's alignment): only signedness is unambiguous, so only it is validated
            return new Result(kind, o.value, n.value, n.poison, !o.bitfield || kind == CoreKind.FIELD_SIGNED,
                    o.size, n.size, failAdjust, ts == null ? 0 : ts.rootId, ts == null ? null : ts.btf, expl);
        }
        if (kind.isTypeBased()) {
            long o = typeValue(ls, kind);
            long n = ts == null ? 0 : typeValue(ts, kind);
            return new Result(kind, o, n, false, true, 0, 0, false, ts == null ? 0 : ts.rootId,
                    ts == null ? null : ts.btf, what + ": " + o + " -> " + n + (ts == null ? " (type not found in target)" : " in " + describe(ts.btf, ts.rootId)));
        }
        long o = enumValue(ls, kind);
        if (ts == null) {
            boolean poison = kind == CoreKind.ENUMVAL_VALUE;
            return new Result(kind, o, 0, poison, true, 0, 0, false, 0, null,
                    what + (poison ? ": enumerator not found in target, instruction poisoned" : ": enumerator not found in target: 0"));
        }
        long n = enumValue(ts, kind);
        return new Result(kind, o, n, false, true, 0, 0, false, ts.rootId, ts.btf,
                what + ": " + o + " -> " + n + " in " + describe(ts.btf, ts.rootId));
    }

    private static long typeValue(Spec s, CoreKind kind) {
        return switch (kind) {
            case TYPE_ID_TARGET, TYPE_ID_LOCAL -> s.rootId;
            case TYPE_EXISTS, TYPE_MATCHES -> 1;
            case TYPE_SIZE -> s.btf.sizeOf(s.rootId);
            default -> throw new IllegalStateException(kind.toString());
        };
    }

    private static long enumValue(Spec s, CoreKind kind) {
        if (kind == CoreKind.ENUMVAL_EXISTS) {
            return 1;
        }
        Acc a = s.spec.getFirst();
        AnyEnum e = (AnyEnum) s.btf.type(a.typeId());
        long v = e.values().get(a.idx()).value();
        if (e instanceof BtfType.Enum) {
            v = e.signed() ? (int) v : v & 0xffffffffL;
        }
        return v;
    }

    private static FieldValue fieldValue(Spec s, CoreKind kind) {
        if (kind == CoreKind.FIELD_EXISTS) {
            return new FieldValue(1, 0, 0, false, false, "");
        }
        Btf b = s.btf;
        Acc acc = s.spec.getLast();
        if (acc.name() == null) {
            int sz = (int) b.sizeOf(acc.typeId());
            return switch (kind) {
                case FIELD_BYTE_OFFSET -> new FieldValue(s.bitOffset / 8, sz, acc.typeId(), false, false, "");
                case FIELD_BYTE_SIZE -> new FieldValue(sz, 0, 0, false, false, "");
                default -> throw new BtfException(b.source() + ": " + kind + " relocation on an array element is not supported");
            };
        }
        Member m = ((Composite) b.type(acc.typeId())).members().get(acc.idx());
        int fieldType = b.resolve(m.type());
        BtfType mt = b.type(fieldType);
        long bitOff = s.bitOffset;
        long bitSz = m.bitfieldSize();
        boolean bitfield = bitSz != 0;
        long byteSz, byteOff;
        if (!bitfield) {
            byteSz = b.sizeOf(fieldType);
            byteOff = bitOff / 8;
            bitSz = byteSz * 8;
        } else {
            byteSz = b.sizeOf(fieldType);
            if (byteSz <= 0) {
                throw new BtfException(b.source() + ": bitfield " + m.name() + " has a zero-sized type");
            }
            byteOff = bitOff / 8 / byteSz * byteSz;
            while (bitOff + bitSz - byteOff * 8 > byteSz * 8) {
                if (byteSz >= 8) {
                    throw new BtfException(b.source() + ": bitfield " + m.name() + " cannot be read with one 8-byte load");
                }
                byteSz *= 2;
                byteOff = bitOff / 8 / byteSz * byteSz;
            }
        }
        long v = switch (kind) {
            case FIELD_BYTE_OFFSET -> byteOff;
            case FIELD_BYTE_SIZE -> byteSz;
            case FIELD_SIGNED -> (mt instanceof AnyEnum e && e.signed()) || (mt instanceof Int i && i.signed()) ? 1 : 0;
            case FIELD_LSHIFT_U64 -> 64 - (bitOff + bitSz - byteOff * 8);
            case FIELD_RSHIFT_U64 -> 64 - bitSz;
            default -> throw new IllegalStateException(kind.toString());
        };
        return new FieldValue(v, bitfield ? 0 : (int) byteSz, fieldType, bitfield, false, "");
    }

    /**
     * What a relocation names in C terms, as libbpf prints it: "struct task_struct.real_parent.tgid"
     * for a field, "enum e::VALUE" for an enumerator, the type alone for a type relocation. Best
     * effort: an access string that does not fit the type ends the path where it stops fitting.
     */
    public static String accessPath(Btf local, int typeId, String access, CoreKind kind) {
        BtfType root = local.type(typeId);
        StringBuilder out = new StringBuilder(root.kindName().toLowerCase() + " "
                + (root.name().isEmpty() ? "(anon)" : root.name()));
        if (kind.isTypeBased()) {
            return out.toString();
        }
        String[] idx = access.split(":");
        try {
            if (kind.isEnumValueBased()) {
                if (local.type(local.resolve(typeId)) instanceof AnyEnum e) {
                    out.append("::").append(e.values().get(Integer.parseInt(idx[0])).name());
                }
                return out.toString();
            }
            if (!idx[0].equals("0")) {
                out.append('[').append(idx[0]).append(']');
            }
            int cur = typeId;
            for (int i = 1; i < idx.length; i++) {
                int n = Integer.parseInt(idx[i]);
                BtfType t = local.type(local.resolve(cur));
                if (t instanceof Composite c) {
                    Member m = c.members().get(n);
                    if (!m.name().isEmpty()) {
                        out.append('.').append(m.name());
                    }
                    cur = m.type();
                } else if (t instanceof Array a) {
                    out.append('[').append(n).append(']');
                    cur = a.type();
                } else {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // NumberFormatException, IndexOutOfBoundsException: a malformed record; the raw string says the rest
        }
        return out.toString();
    }

    static String describe(Btf b, int id) {
        BtfType t = b.type(id);
        String n = t.name().isEmpty() ? "(anon)" : t.name();
        return "[" + id + "] " + t.kindName().toLowerCase() + " " + n;
    }

    // ------------------------------------------------------------------ patching

    /** The instruction a poisoned relocation puts in place: a call of helper {@link #POISON_HELPER}. */
    public static Insn poisonInsn() {
        return new Insn(Op.JMP | Op.CALL, 0, 0, (short) 0, POISON_HELPER);
    }

    /**
     * Applies {@code r} to instruction {@code index} of {@code insns}, in place: ALU immediates,
     * load/store offsets (and their access size when the field size changed), 64-bit immediate
     * loads; poisoned results replace the instruction (both slots of an lddw) by a call of
     * {@link #POISON_HELPER}. Throws BtfException when the instruction does not carry the value the
     * local BTF predicts or the new value does not fit.
     */
    public static void patch(Insn[] insns, int index, Result r) {
        if (index < 0 || index >= insns.length) {
            throw new BtfException("CO-RE relocation at instruction " + index + " is outside the program of " + insns.length);
        }
        Insn insn = insns[index];
        if (r.poison()) {
            poison(insns, index, insn);
            return;
        }
        int cls = insn.cls();
        switch (cls) {
            case Op.ALU, Op.ALU64 -> {
                if ((insn.opcode() & Op.X) != 0) {
                    throw new BtfException("CO-RE relocation at instruction " + index + " (" + insn + "): ALU instruction has no immediate");
                }
                if (r.validate() && insn.imm() != (int) r.oldValue()) {
                    throw mismatch(index, insn, insn.imm(), r);
                }
                if (r.newValue() > 0xffffffffL || r.newValue() < Integer.MIN_VALUE) {
                    throw new BtfException("CO-RE relocation at instruction " + index + ": value " + r.newValue()
                            + " does not fit in a 32-bit immediate (" + r.explanation() + ")");
                }
                insns[index] = insn.withImm((int) r.newValue());
            }
            case Op.LDX, Op.ST, Op.STX -> {
                if (r.validate() && insn.off() != r.oldValue()) {
                    throw mismatch(index, insn, insn.off(), r);
                }
                if (r.newValue() > Short.MAX_VALUE || r.newValue() < Short.MIN_VALUE) {
                    throw new BtfException("CO-RE relocation at instruction " + index + ": offset " + r.newValue()
                            + " does not fit in 16 bits (" + r.explanation() + ")");
                }
                if (r.failMemSizeAdjust()) {
                    poison(insns, index, insn);
                    return;
                }
                Insn n = insn.withOff((int) r.newValue());
                if (r.newSize() != r.oldSize() && r.kind() == CoreKind.FIELD_BYTE_OFFSET && r.oldSize() != 0) {
                    int bytes = switch (insn.opcode() & 0x18) {
                        case Op.B -> 1;
                        case Op.H -> 2;
                        case Op.W -> 4;
                        default -> 8;
                    };
                    if (bytes != r.oldSize()) {
                        throw new BtfException("CO-RE relocation at instruction " + index + " (" + insn + "): accesses "
                                + bytes + " bytes but the field has " + r.oldSize());
                    }
                    int sizeCode = switch (r.newSize()) {
                        case 1 -> Op.B;
                        case 2 -> Op.H;
                        case 4 -> Op.W;
                        case 8 -> Op.DW;
                        default -> throw new BtfException("CO-RE relocation at instruction " + index
                                + ": field of " + r.newSize() + " bytes cannot be accessed with one instruction");
                    };
                    n = new Insn((insn.opcode() & 0xe7) | sizeCode, n.dst(), n.src(), n.off(), n.imm());
                }
                insns[index] = n;
            }
            case Op.LD -> {
                if (!insn.isLoadImm64() || index + 1 >= insns.length) {
                    throw new BtfException("CO-RE relocation at instruction " + index + " (" + insn + "): unsupported LD instruction");
                }
                long imm = (insn.imm() & 0xffffffffL) | ((long) insns[index + 1].imm() << 32);
                if (r.validate() && imm != r.oldValue()) {
                    throw mismatch(index, insn, imm, r);
                }
                insns[index] = insn.withImm((int) r.newValue());
                insns[index + 1] = insns[index + 1].withImm((int) (r.newValue() >>> 32));
            }
            default -> throw new BtfException("CO-RE relocation at instruction " + index + " (" + insn
                    + "): this kind of instruction cannot be relocated");
        }
    }

    private static void poison(Insn[] insns, int index, Insn insn) {
        if (insn.isLoadImm64() && index + 1 < insns.length) {
            insns[index + 1] = poisonInsn();
        }
        insns[index] = poisonInsn();
    }

    private static BtfException mismatch(int index, Insn insn, long actual, Result r) {
        return new BtfException("CO-RE relocation at instruction " + index + " (" + insn + "): the instruction carries "
                + actual + " but the object's BTF predicts " + r.oldValue() + " (" + r.explanation() + ")",
                "the object's .BTF and .BTF.ext do not match its code; rebuild it");
    }
}
