package dev.ebee.btf;

import dev.ebee.btf.BtfType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * New BTF made from a {@link Btf}: every type mapped, types appended, DATASEC records fixed as the
 * loader needs them. Each copy keeps the original's base and string section, so that the string
 * offsets .BTF.ext uses stay valid when it is written, and has the references of all its types
 * checked.
 */
final class BtfTransforms {
    private BtfTransforms() {
    }

    /** A copy of {@code btf} with every local type replaced by {@code f(id, type)} (null: kept). */
    static Btf map(Btf btf, BiFunction<Integer, BtfType, BtfType> f) {
        int firstId = btf.firstId;
        BtfType[] arr = new BtfType[btf.count];
        for (int i = 0; i < arr.length; i++) {
            BtfType t = btf.type(firstId + i);
            BtfType r = f.apply(firstId + i, t);
            arr[i] = r == null ? t : r;
        }
        return copy(btf, arr);
    }

    /** A copy of {@code btf} with {@code extra} types appended (ids from its typeCount() on). */
    static Btf withAppended(Btf btf, List<? extends BtfType> extra) {
        int count = btf.count;
        BtfType[] arr = new BtfType[count + extra.size()];
        for (int i = 0; i < count; i++) {
            arr[i] = btf.type(btf.firstId + i);
        }
        for (int i = 0; i < extra.size(); i++) {
            arr[count + i] = extra.get(i);
        }
        return copy(btf, arr);
    }

    /**
     * DATASEC records fixed as a compiler leaves them in an object file: the section size from
     * {@code sectionSize} (null: left) and each variable's offset from
     * {@code symbolOffset(section, variable)} (null: left), variables sorted by offset.
     */
    static Btf fixupDatasecs(Btf btf, Function<String, Long> sectionSize, BiFunction<String, String, Long> symbolOffset) {
        return map(btf, (id, t) -> {
            if (!(t instanceof Datasec ds)) {
                return t;
            }
            long size = ds.size();
            Long s = sectionSize.apply(ds.name());
            if (s != null) {
                size = s;
            }
            List<VarSecinfo> vars = new ArrayList<>();
            for (VarSecinfo v : ds.vars()) {
                BtfType vt = btf.type(v.type());
                long off = v.offset();
                if (vt instanceof Var var) {
                    Long o = symbolOffset.apply(ds.name(), var.name());
                    if (o != null) {
                        off = o;
                    }
                }
                vars.add(new VarSecinfo(v.type(), (int) off, v.size()));
            }
            vars.sort((a, b) -> Integer.compareUnsigned(a.offset(), b.offset()));
            return new Datasec(ds.name(), (int) size, vars);
        });
    }

    /** {@code btf}'s base, source and string section with {@code types} as its local types, checked. */
    private static Btf copy(Btf btf, BtfType[] types) {
        Btf b = new Btf(btf.source, btf.base, btf.data, btf.strStart, btf.strLen, null, types.length, types, null);
        for (int i = 0; i < types.length; i++) {
            BtfParser.checkRefs(b, btf.firstId + i, types[i]);
        }
        return b;
    }
}
