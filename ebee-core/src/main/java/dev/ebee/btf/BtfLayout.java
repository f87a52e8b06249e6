package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.btf.BtfType.*;

/**
 * Type layout as a C compiler computes it from BTF: sizes, alignments, and whether a struct must be
 * packed to get the offsets BTF records. Map and variable sizes at load, CO-RE field offsets and
 * vmlinux.h need it. Alignments of composites are kept in {@code Btf.alignCache}, since the C
 * writer asks for each struct again for every struct that holds it. Start-up path: instanceof
 * chains, not pattern switches (see {@link BtfParser#checkRefs}).
 */
final class BtfLayout {
    private BtfLayout() {
    }

    /** Size in bytes of a value of type {@code id} (pointers are 8 bytes). */
    static long sizeOf(Btf btf, int id) {
        long mul = 1;
        int start = id;
        for (int i = 0; i < Btf.MAX_CHAIN; i++) {
            BtfType t = btf.type(id);
            long size;
            if (t instanceof Int x) {
                size = x.size();
            } else if (t instanceof AnyEnum x) {
                size = x.size();
            } else if (t instanceof Composite x) {
                size = x.size();
            } else if (t instanceof BtfType.Float x) {
                size = x.size();
            } else if (t instanceof Datasec x) {
                size = x.size();
            } else if (t instanceof Ptr) {
                size = 8;
            } else if (t instanceof Typedef x) {
                id = x.type();
                continue;
            } else if (t instanceof Qualifier x) {
                id = x.type();
                continue;
            } else if (t instanceof Var x) {
                id = x.type();
                continue;
            } else if (t instanceof Array a) {
                try {
                    mul = Math.multiplyExact(mul, Integer.toUnsignedLong(a.nelems()));
                } catch (ArithmeticException e) {
                    throw new BtfException(btf.source + ": size of type id " + start + " overflows");
                }
                id = a.type();
                continue;
            } else {
                throw new BtfException(btf.source + ": type id " + id + " (" + t.kindName() + ") has no size");
            }
            try {
                return Math.multiplyExact(mul, size);
            } catch (ArithmeticException e) {
                throw new BtfException(btf.source + ": size of type id " + start + " overflows");
            }
        }
        throw new BtfException(btf.source + ": reference cycle or chain longer than " + Btf.MAX_CHAIN + " at type id " + start);
    }

    /**
     * Alignment in bytes of a value of type {@code id}: scalars by size (at most 8), structs by their
     * most aligned member, 1 for structs whose layout shows they are packed.
     */
    static int alignOf(Btf btf, int id) {
        return alignOf(btf, id, 0);
    }

    private static int alignOf(Btf btf, int id, int depth) {
        if (depth > 256) {
            throw new BtfException(btf.source + ": types nested too deeply (a cycle?) at type id " + id);
        }
        int r = btf.resolve(id);
        BtfType t = btf.type(r);
        if (t instanceof Int x) {
            return Math.max(1, Math.min(x.size(), 8));
        } else if (t instanceof AnyEnum x) {
            return Math.max(1, Math.min(x.size(), 8));
        } else if (t instanceof BtfType.Float x) {
            return Math.max(1, Math.min(x.size(), 16));
        } else if (t instanceof Ptr) {
            return 8;
        } else if (t instanceof Array a) {
            return alignOf(btf, a.type(), depth + 1);
        } else if (t instanceof Composite c) {
            return compositeAlign(btf, r, c, depth);
        }
        throw new BtfException(btf.source + ": type id " + r + " (" + t.kindName() + ") has no alignment");
    }

    private static int compositeAlign(Btf btf, int id, Composite c, int depth) {
        int[] ac = btf.alignCache;
        if (ac == null) {
            ac = new int[btf.typeCount()];
            btf.alignCache = ac;
        }
        if (id < ac.length && ac[id] != 0) {
            return ac[id];
        }
        int max = 1;
        boolean packed = false;
        for (Member m : c.members()) {
            int a = alignOf(btf, m.type(), depth + 1);
            max = Math.max(max, a);
            if (m.bitfieldSize() == 0 && m.bitOffset() % (a * 8) != 0) {
                packed = true;
            }
        }
        if (c.size() % max != 0) {
            packed = true;
        }
        int r = packed ? 1 : max;
        if (id < ac.length) {
            ac[id] = r;
        }
        return r;
    }

    /** Whether composite {@code id} needs {@code __attribute__((packed))} to get the layout BTF records. */
    static boolean isPacked(Btf btf, int id) {
        int r = btf.resolve(id);
        if (!(btf.type(r) instanceof Composite c) || c.members().isEmpty()) {
            return false;
        }
        return alignOf(btf, r) == 1 && c.members().stream().anyMatch(m -> alignOf(btf, m.type()) > 1);
    }
}
