package dev.ebee.btf;

import dev.ebee.BtfException;

import static dev.ebee.btf.BtfType.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The name index of one group of a {@link Btf}'s own types: the types (structs, typedefs, enums,
 * ...), or the declarations (FUNC, VAR, DATASEC, DECL_TAG). Hash chains over essential names (a
 * CO-RE {@code ___flavour} suffix dropped), hashed from the raw string bytes without making a
 * String per type, so that the first lookup of a struct in the kernel's BTF stays cheap. Btf
 * builds each group's index on its first lookup and keeps it; this class holds the hashing and
 * the chains.
 */
final class BtfNameIndex {
    /** Kinds whose names go to the type index (not FUNC, VAR, DATASEC, DECL_TAG), for the parser's scan. */
    static final boolean[] TYPE_GROUP = new boolean[32];

    static {
        for (int k = 0; k < 32; k++) {
            TYPE_GROUP[k] = !isDeclKind(k);
        }
    }

    private final int[] heads; // chain head per hash slot (local type index, -1: empty)
    private final int[] next; // next local type index in the same chain, per local type

    private BtfNameIndex(int[] heads, int[] next) {
        this.heads = heads;
        this.next = next;
    }

    /** Whether {@code kind} is in the declaration group (FUNC, VAR, DATASEC, DECL_TAG). */
    static boolean isDeclKind(int kind) {
        return kind == KIND_FUNC || kind == KIND_VAR || kind == KIND_DATASEC || kind == KIND_DECL_TAG;
    }

    /** Ids of {@code btf}'s own types of this group whose essential name is {@code ess}, in id order. */
    int[] lookup(Btf btf, String ess) {
        byte[] q = ess.getBytes(StandardCharsets.UTF_8);
        int h = nonZero(hash(q, 0, q.length)) & (heads.length - 1);
        int[] out = new int[4];
        int n = 0;
        for (int i = heads[h]; i >= 0; i = next[i]) {
            if (essentialEquals(btf, i, ess, q)) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = btf.firstId + i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Two ascending id lists merged into one. */
    static int[] merge(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        int[] r = new int[a.length + b.length];
        int i = 0, j = 0, k = 0;
        while (i < a.length || j < b.length) {
            r[k++] = j >= b.length || i < a.length && a[i] < b[j] ? a[i++] : b[j++];
        }
        return r;
    }

    private static boolean essentialEquals(Btf btf, int i, String ess, byte[] q) {
        if (btf.offsets == null) {
            return Btf.essentialName(btf.cache[i].name()).equals(ess);
        }
        MemorySegment data = btf.data;
        int nameOff = BtfParser.i32(data, btf.offsets[i]);
        int s = stringPos(btf, nameOff);
        if (s < 0) {
            try {
                return Btf.essentialName(btf.string(nameOff)).equals(ess);
            } catch (BtfException e) {
                return false;
            }
        }
        int e = s;
        while (BtfParser.byteAt(data, e) != 0) {
            e++;
        }
        int len = essentialLen(data, s, e);
        return len == q.length && MemorySegment.mismatch(data, s, s + len, MemorySegment.ofArray(q), 0, len) < 0;
    }

    /** Absolute position of an own string in the raw bytes, or -1 (base string or invalid). */
    private static int stringPos(Btf btf, int nameOff) {
        int off = btf.base == null ? nameOff : nameOff - btf.base.stringSectionSize();
        if (off < 0 || off >= btf.strLen) {
            return -1;
        }
        return btf.strStart + off;
    }

    /**
     * The index of one group of {@code btf}'s own types. The type group of parsed BTF walks only the
     * named types the parser's scan listed; chunks of 64 let the JIT compile the loops early.
     */
    static BtfNameIndex build(Btf btf, boolean decls) {
        int count = btf.count;
        int size = Integer.highestOneBit(Math.max(16, (decls ? count : count / 4) * 2 - 1)) << 1;
        int[] heads = new int[size];
        Arrays.fill(heads, -1);
        int[] next = new int[count];
        int[] nt = btf.namedTypes;
        if (!decls && nt != null) {
            for (int j = nt.length - 1; j >= 0; j -= 64) {
                indexNamed(btf, nt, j, Math.max(-1, j - 64), heads, next);
            }
        } else {
            for (int i = count - 1; i >= 0; i -= 64) {
                indexChunk(btf, i, Math.max(-1, i - 64), heads, next, decls);
            }
        }
        return new BtfNameIndex(heads, next);
    }

    private static void indexNamed(Btf btf, int[] nt, int from, int downTo, int[] heads, int[] next) {
        int mask = heads.length - 1;
        for (int j = from; j > downTo; j--) {
            int i = nt[j];
            int h = rawNameHash(btf, i);
            if (h != 0) {
                int slot = h & mask;
                next[i] = heads[slot];
                heads[slot] = i;
            }
        }
    }

    private static void indexChunk(Btf btf, int from, int downTo, int[] heads, int[] next, boolean decls) {
        int mask = heads.length - 1;
        int[] offsets = btf.offsets;
        for (int i = from; i > downTo; i--) {
            int kind = offsets != null ? BtfParser.byteAt(btf.data, offsets[i] + 7) & 0x1f : btf.cache[i].kind();
            if (isDeclKind(kind) != decls) {
                continue;
            }
            int h = offsets != null ? rawNameHash(btf, i) : recordNameHash(btf, i);
            if (h != 0) {
                int slot = h & mask;
                next[i] = heads[slot];
                heads[slot] = i;
            }
        }
    }

    /** Hash of the essential name of local type i (parsed BTF), 0 for anonymous or unreadable names. */
    private static int rawNameHash(Btf btf, int i) {
        MemorySegment data = btf.data;
        int o = btf.offsets[i];
        int nameOff = BtfParser.i32(data, o);
        if (nameOff == 0) {
            return 0;
        }
        int s = stringPos(btf, nameOff);
        if (s < 0) {
            try {
                byte[] b = Btf.essentialName(btf.string(nameOff)).getBytes(StandardCharsets.UTF_8);
                return nonZero(hash(b, 0, b.length));
            } catch (BtfException e) {
                return 0; // reported when the type is decoded
            }
        }
        int h = 0x811c9dc5;
        int run = 0;
        boolean flavour = false;
        int e = s;
        for (byte c; (c = BtfParser.byteAt(data, e)) != 0; e++) {
            h = (h ^ c) * 0x01000193;
            if (c == '_') {
                run++;
            } else {
                flavour |= run >= 3;
                run = 0;
            }
        }
        if (flavour) {
            return nonZero(hash(data, s, s + essentialLen(data, s, e)));
        }
        return nonZero(h ^ (h >>> 16));
    }

    /** Hash of the essential name of local type i (BTF built from records), 0 for anonymous. */
    private static int recordNameHash(Btf btf, int i) {
        String nm = btf.cache[i].name();
        if (nm.isEmpty()) {
            return 0;
        }
        byte[] b = Btf.essentialName(nm).getBytes(StandardCharsets.UTF_8);
        return nonZero(hash(b, 0, b.length));
    }

    private static int nonZero(int h) {
        return h == 0 ? 1 : h;
    }

    /** Length of the essential part of the name at d[s..e): {@link Btf#essentialName} on bytes. */
    private static int essentialLen(MemorySegment d, int s, int e) {
        for (int i = e - 5; i >= s; i--) {
            if (BtfParser.byteAt(d, i) != '_' && BtfParser.byteAt(d, i + 1) == '_' && BtfParser.byteAt(d, i + 2) == '_'
                    && BtfParser.byteAt(d, i + 3) == '_' && BtfParser.byteAt(d, i + 4) != '_') {
                return i + 1 - s;
            }
        }
        return e - s;
    }

    private static int hash(byte[] d, int s, int e) {
        return hash(MemorySegment.ofArray(d), s, e);
    }

    private static int hash(MemorySegment d, int s, int e) {
        int h = 0x811c9dc5;
        for (int i = s; i < e; i++) {
            h = (h ^ BtfParser.byteAt(d, i)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
