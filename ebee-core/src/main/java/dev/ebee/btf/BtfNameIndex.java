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
        int nameOff = btf.i32(btf.offsets[i]);
        int s = stringPos(btf, nameOff);
        if (s < 0) {
            try {
                return Btf.essentialName(btf.string(nameOff)).equals(ess);
            } catch (BtfException e) {
                return false;
            }
        }
        Window w = new Window(btf);
        int e = w.nameEnd(s);
        int b = w.start;
        int len = essentialLen(w.buf, b, e);
        return len == q.length && Arrays.equals(w.buf, b, b + len, q, 0, q.length);
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
     * named types the parser's scan listed, with their name offsets; chunks of 64 let the JIT compile the loops early.
     */
    static BtfNameIndex build(Btf btf, boolean decls) {
        int count = btf.count;
        int size = Integer.highestOneBit(Math.max(16, (decls ? count : count / 4) * 2 - 1)) << 1;
        int[] heads = new int[size];
        Arrays.fill(heads, -1);
        int[] next = new int[count];
        int[] nt = btf.namedTypes;
        Window w = btf.offsets == null ? null : new Window(btf);
        if (!decls && nt != null) {
            for (int j = nt.length - 2; j >= 0; j -= 128) {
                indexNamed(btf, nt, j, Math.max(-2, j - 128), heads, next, w);
            }
        } else {
            for (int i = count - 1; i >= 0; i -= 64) {
                indexChunk(btf, i, Math.max(-1, i - 64), heads, next, decls, w);
            }
        }
        return new BtfNameIndex(heads, next);
    }

    private static void indexNamed(Btf btf, int[] nt, int from, int downTo, int[] heads, int[] next, Window w) {
        int mask = heads.length - 1;
        for (int j = from; j > downTo; j -= 2) {
            int i = nt[j];
            int h = nameHash(btf, nt[j + 1], w);
            if (h != 0) {
                int slot = h & mask;
                next[i] = heads[slot];
                heads[slot] = i;
            }
        }
    }

    private static void indexChunk(Btf btf, int from, int downTo, int[] heads, int[] next, boolean decls, Window w) {
        int mask = heads.length - 1;
        int[] offsets = btf.offsets;
        for (int i = from; i > downTo; i--) {
            int kind = offsets != null ? btf.byteAt(offsets[i] + 7) & 0x1f : btf.cache[i].kind();
            if (isDeclKind(kind) != decls) {
                continue;
            }
            int h = offsets != null ? rawNameHash(btf, i, w) : recordNameHash(btf, i);
            if (h != 0) {
                int slot = h & mask;
                next[i] = heads[slot];
                heads[slot] = i;
            }
        }
    }

    /** Hash of the essential name of local type i (parsed BTF), 0 for anonymous or unreadable names. */
    private static int rawNameHash(Btf btf, int i, Window w) {
        return nameHash(btf, btf.i32(btf.offsets[i]), w);
    }

    /** Hash of the essential name at {@code nameOff} of parsed BTF, 0 for anonymous or unreadable names. */
    private static int nameHash(Btf btf, int nameOff, Window w) {
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
        int e = w.nameEnd(s);
        byte[] data = w.buf;
        s = w.start;
        int h = 0x811c9dc5;
        int run = 0;
        boolean flavour = false;
        for (int j = s; j < e; j++) {
            byte c = data[j];
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
    private static int essentialLen(byte[] d, int s, int e) {
        for (int i = e - 5; i >= s; i--) {
            if (d[i] != '_' && d[i + 1] == '_' && d[i + 2] == '_' && d[i + 3] == '_' && d[i + 4] != '_') {
                return i + 1 - s;
            }
        }
        return e - s;
    }

    private static int hash(byte[] d, int s, int e) {
        int h = 0x811c9dc5;
        for (int i = s; i < e; i++) {
            h = (h ^ d[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /**
     * The own string section of parsed BTF read through a small heap window, copied from the raw
     * bytes (a mapping, for the kernel's BTF) a piece at a time: names are then hashed and compared
     * as plain arrays, which first-tier compiled code runs several times faster than segment reads.
     * Names of consecutive types lie mostly close together, so the window rarely moves.
     */
    private static final class Window {
        private final MemorySegment data;
        private final int first; // start of the own string section
        private final int limit; // its end (it ends with NUL: checked by the parser)
        byte[] buf = new byte[8192];
        private int base = -1; // buf holds data[base, base + len)
        private int len;
        int start; // where the last name found starts in buf

        Window(Btf btf) {
            data = btf.data;
            first = btf.strStart;
            limit = btf.strStart + btf.strLen;
        }

        /** Moves the window onto the NUL-terminated string at {@code s}; returns where it ends in buf (start: where it starts). */
        int nameEnd(int s) {
            if (s < base || s >= base + len) {
                fill(Math.max(first, s - buf.length / 2)); // the index walks types backwards, lookups anywhere
            }
            while (true) {
                int i = s - base;
                for (int j = i; j < len; j++) {
                    if (buf[j] == 0) {
                        start = i;
                        return j;
                    }
                }
                if (base == s) {
                    buf = new byte[buf.length * 2]; // a name longer than the window
                }
                fill(s);
            }
        }

        private void fill(int from) {
            base = from;
            len = Math.min(buf.length, limit - from);
            BtfParser.copy(data, from, buf, len);
        }
    }
}
