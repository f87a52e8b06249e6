package dev.ebee.btf;

import dev.ebee.btf.BtfType.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites object BTF into what the kernel accepts, keeping type ids and sizes so that maps,
 * func_info and CO-RE still line up. Every kernel refuses extern variables ({@code .kconfig} and
 * {@code .ksyms} externs, which the loader resolves itself): they always become global ones, as
 * libbpf does. Each flag says whether the kernel accepts that feature; {@link #ALL} on current
 * kernels. Anything else can be done with {@link Btf#map}.
 */
public record BtfSanitizer(boolean datasec, boolean func, boolean globalFunc, boolean floats, boolean declTags,
                           boolean typeTags, boolean enum64, boolean attributeTags) {
    /** Everything supported (Linux 6.x): no change. */
    public static final BtfSanitizer ALL = new BtfSanitizer(true, true, true, true, true, true, true, true);

    public Btf apply(Btf btf) {
        boolean all = equals(ALL);
        if (all && btf.types().stream().noneMatch(BtfSanitizer::isExtern)) {
            return btf;
        }
        return btf.map((id, t) -> switch (t) {
            case Var v when isExtern(v) -> new Var(v.name(), v.type(), BtfType.LINKAGE_GLOBAL);
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

    private static boolean isExtern(BtfType t) {
        return t instanceof Var v && v.linkage() == BtfType.LINKAGE_EXTERN;
    }
}
