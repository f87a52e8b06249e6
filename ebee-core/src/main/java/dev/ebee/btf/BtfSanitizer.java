package dev.ebee.btf;

import dev.ebee.btf.BtfType.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites object BTF into what the kernel accepts, keeping type ids and sizes so that maps,
 * func_info and CO-RE still line up. Every kernel refuses externs ({@code .kconfig} and
 * {@code .ksyms} variables and kfuncs, which the loader resolves itself): extern variables always
 * become global ones, extern functions typedefs of their prototype, and the functions leave the
 * {@code .ksyms} DATASEC, which may hold only variables. Each flag says whether the kernel accepts that feature; {@link #ALL} on current
 * kernels. Anything else can be done with {@link Btf#map}.
 */
public record BtfSanitizer(boolean datasec, boolean func, boolean globalFunc, boolean floats, boolean declTags,
                           boolean typeTags, boolean enum64, boolean attributeTags) {
    /** Everything supported (Linux 6.x): no change. */
    public static final BtfSanitizer ALL = new BtfSanitizer(true, true, true, true, true, true, true, true);

    public Btf apply(Btf object) {
        boolean all = equals(ALL);
        if (all && object.types().stream().noneMatch(BtfSanitizer::isExtern)) {
            return object;
        }
        Btf btf = ksymsLaidOut(object);
        return btf.map((id, t) -> switch (t) {
            case Var v when isExtern(v) -> new Var(v.name(), v.type(), BtfType.LINKAGE_GLOBAL);
            // no linkage the kernel takes fits, and clang leaves the prototype's parameters unnamed, which
            // the kernel refuses in a FUNC: nothing refers to it once loaded (the call carries the kernel's id)
            case Func f when isExtern(f) -> new Typedef(f.name(), f.type());
            case Var v when !datasec -> new Int(v.name(), 1, 0, 0, 8);
            case Datasec d when !datasec -> new Struct(d.name().replaceAll("[^A-Za-z0-9_]", "_"), d.size(), List.of(), false);
            case FuncProto fp when !func -> {
                List<EnumValue> vals = new ArrayList<>();
                for (int i = 0; i < fp.params().size(); i++) {
                    String n = fp.params().get(i).name();
                    vals.add(new EnumValue(n.isEmpty() ? "__ebee_param" + i : n, 0));
                }
                yield new BtfType.Enum("", 4, vals, false);
            }
            case Func f when !func -> new Typedef(f.name(), f.type());
            case Func f when !globalFunc && f.linkage() == BtfType.LINKAGE_GLOBAL ->
                    new Func(f.name(), f.type(), BtfType.LINKAGE_STATIC);
            case BtfType.Float f when !floats -> new Struct(f.name(), f.size(), List.of(), false);
            case DeclTag d when !declTags -> new Int(d.name(), 1, 0, 0, 8);
            case DeclTag d when !attributeTags && d.attribute() -> new Int(d.name(), 1, 0, 0, 8);
            case TypeTag tt when !typeTags -> new Const(tt.type());
            case TypeTag tt when !attributeTags && tt.attribute() -> new Const(tt.type());
            case Enum64 e when !enum64 -> new Union(e.name(), e.size(), List.of(), false);
            default -> t;
        });
    }

    /**
     * clang leaves the {@code .ksyms} DATASEC with size 0 and lists kfuncs in it; the kernel wants a
     * size, variables only, and variables of a sized type ({@code extern const void x __ksym} has
     * none). The loader patches every ksym into the code itself, so, as libbpf does, each variable
     * becomes a 4-byte int laid out one after another, and the functions leave the section (an empty
     * section becomes an empty struct).
     */
    private static Btf ksymsLaidOut(Btf btf) {
        int ksyms = btf.typeId(KSYMS, BtfType.KIND_DATASEC).orElse(0);
        if (ksyms == 0) {
            return btf;
        }
        Btf in = btf;
        int intId = 0;
        for (int id = btf.firstLocalId(); id < btf.typeCount() && intId == 0; id++) {
            if (btf.type(id) instanceof Int i && i.size() == 4 && i.bits() == 32) {
                intId = id;
            }
        }
        if (intId == 0) {
            intId = btf.typeCount();
            in = btf.withAppended(List.of(new Int("int", 4, BtfType.INT_SIGNED, 0, 32)));
        }
        Datasec sec = (Datasec) btf.type(ksyms);
        List<VarSecinfo> vars = new ArrayList<>();
        java.util.Set<Integer> ksymVars = new java.util.HashSet<>();
        for (VarSecinfo v : sec.vars()) {
            if (btf.type(v.type()) instanceof Var) {
                vars.add(new VarSecinfo(v.type(), 4 * vars.size(), 4));
                ksymVars.add(v.type());
            }
        }
        int sized = intId;
        return in.map((id, t) -> {
            if (id == ksyms) {
                return vars.isEmpty() ? new Struct("_ksyms", 0, List.of(), false) : new Datasec(KSYMS, 4 * vars.size(), vars);
            }
            return t instanceof Var v && ksymVars.contains(id) ? new Var(v.name(), sized, v.linkage()) : t;
        });
    }

    private static final String KSYMS = ".ksyms";

    private static boolean isExtern(BtfType t) {
        return t instanceof Var v && v.linkage() == BtfType.LINKAGE_EXTERN
                || t instanceof Func f && f.linkage() == BtfType.LINKAGE_EXTERN;
    }
}
