package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.btf.BtfType.*;

import static dev.ebee.btf.BtfType.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The raw BTF format: the header checks, the one scan that records where each type record starts,
 * the decoding of a record into a {@link BtfType} when it is first asked for, and the check that
 * every type id a type refers to exists. {@link Btf} holds the result and knows nothing of the
 * byte layout beyond these records. All of this is on the start-up path (the kernel's BTF is
 * scanned at the first load), hence tables, short chunked loops and instanceof chains.
 */
final class BtfParser {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32_ARRAY = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private BtfParser() {
    }

    /** Checks the header and scans the type records of raw BTF, split on {@code base} when not null. */
    static Btf parse(String source, MemorySegment raw, Btf base) {
        if (raw.byteSize() > Integer.MAX_VALUE) {
            throw new BtfException(source + ": BTF of " + raw.byteSize() + " bytes is too large");
        }
        int rawLen = (int) raw.byteSize();
        if (rawLen < Btf.HEADER_SIZE) {
            throw new BtfException(source + ": BTF of " + rawLen + " bytes is shorter than its header");
        }
        int magic = raw.get(I16, 0) & 0xffff;
        if (magic != Btf.MAGIC) {
            if (magic == 0x9FEB) {
                throw new BtfException(source + ": big-endian BTF is not supported");
            }
            throw new BtfException(source + ": not BTF (magic 0x" + Integer.toHexString(magic) + ")");
        }
        if (raw.get(ValueLayout.JAVA_BYTE, 2) != 1) {
            throw new BtfException(source + ": unsupported BTF version " + raw.get(ValueLayout.JAVA_BYTE, 2));
        }
        long hdrLen = u32(raw, 4);
        long typeOff = u32(raw, 8), typeLen = u32(raw, 12), strOff = u32(raw, 16), strLenL = u32(raw, 20);
        if (hdrLen < Btf.HEADER_SIZE || hdrLen > rawLen) {
            throw new BtfException(source + ": BTF header length " + hdrLen + " is invalid for " + rawLen + " bytes");
        }
        for (long i = Btf.HEADER_SIZE; i < hdrLen; i++) {
            if (raw.get(ValueLayout.JAVA_BYTE, i) != 0) {
                throw new BtfException(source + ": BTF header has unknown non-zero fields");
            }
        }
        long avail = rawLen - hdrLen;
        if (typeOff + typeLen > avail || strOff + strLenL > avail) {
            throw new BtfException(source + ": BTF sections (types " + typeOff + "+" + typeLen + ", strings " + strOff
                    + "+" + strLenL + ") lie outside the " + avail + " bytes after the header");
        }
        if (typeOff % 4 != 0) {
            throw new BtfException(source + ": BTF type section offset " + typeOff + " is not 4-byte aligned");
        }
        if (typeOff < strOff ? typeOff + typeLen > strOff : strOff + strLenL > typeOff) {
            throw new BtfException(source + ": BTF type and string sections overlap");
        }
        int strStart = (int) (hdrLen + strOff);
        int strLen = (int) strLenL;
        if (base == null && (strLen == 0 || raw.get(ValueLayout.JAVA_BYTE, strStart) != 0)) {
            throw new BtfException(source + ": BTF string section must start with an empty string");
        }
        if (strLen > 0 && raw.get(ValueLayout.JAVA_BYTE, strStart + strLen - 1) != 0) {
            throw new BtfException(source + ": BTF string section is not NUL-terminated");
        }
        int start = (int) (hdrLen + typeOff);
        int end = start + (int) typeLen;
        int[] offs = new int[Math.max(16, (int) (typeLen / 24))];
        int n = 0;
        int p = start;
        int firstId = base == null ? 1 : base.typeCount();
        int[] state = {p, 0, 0};
        int[] named = new int[Math.max(16, offs.length / 4)];
        // the scan reads only each record's 12-byte header, from a window copied out of the raw
        // bytes: plain array reads stay fast in the first-tier compiled code a cold start runs
        // (heap bytes are their own window)
        byte[] whole = heapArray(raw);
        byte[] win = whole != null ? whole : new byte[(int) Math.min(WINDOW, end - start)];
        int winBase = whole != null ? 0 : start;
        int winEnd = whole != null ? end : start;
        while (state[0] < end) {
            // room for a whole chunk (64 records): doubling once is not enough while the arrays are small
            while (offs.length - state[1] < 64) {
                offs = Arrays.copyOf(offs, offs.length * 2);
            }
            while (named.length - state[2] < 128) {
                named = Arrays.copyOf(named, named.length * 2);
            }
            if (state[0] + 12 > winEnd && end - state[0] >= 12) {
                winBase = state[0];
                winEnd = winBase + Math.min(win.length, end - winBase);
                copy(raw, winBase, win, winEnd - winBase);
            }
            if (!scanChunk(win, winBase, winEnd, end, offs, named, state)) {
                p = state[0];
                n = state[1];
                if (end - p < 12) {
                    throw new BtfException(source + ": truncated BTF type record at type id " + (firstId + n));
                }
                int kind = byteAt(raw, p + 7) & 0x1f;
                if (FIXED[kind] < 0) {
                    throw new BtfException(source + ": type id " + (firstId + n) + " has unknown kind " + kind);
                }
                throw new BtfException(source + ": BTF type id " + (firstId + n) + " ("
                        + BtfType.kindName(kind) + ") runs past the end of the type section");
            }
        }
        n = state[1];
        if ((long) firstId + n > 0x100000) {
            throw new BtfException(source + ": too many BTF types (" + (firstId + n) + ")");
        }
        return new Btf(source, base, raw, strStart, strLen, offs, n, null, Arrays.copyOf(named, state[2]));
    }

    // per kind: bytes after the 12-byte header that do not depend on vlen (-1: invalid kind), and per vlen
    private static final int[] FIXED = {-1, 4, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 4, 0, 0,
            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    private static final int[] PER_VLEN = {0, 0, 0, 0, 12, 12, 8, 0, 0, 0, 0, 0, 0, 8, 0, 12, 0, 0, 0, 12,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static final int WINDOW = 64 * 1024;

    /**
     * Records the offsets of up to 64 records, and which of them are named types of the type index
     * group with their name offsets (state = position, count, length of named); stops early where the next header is not
     * wholly inside the window {@code win} (raw bytes winBase..winEnd); false at a bad record.
     * Short chunks let the JIT compile the scan after a few thousand records on a cold JVM.
     */
    private static boolean scanChunk(byte[] win, int winBase, int winEnd, int end, int[] offs, int[] named, int[] state) {
        int p = state[0];
        int n = state[1];
        int m = state[2];
        boolean[] typeGroup = BtfNameIndex.TYPE_GROUP;
        boolean ok = true;
        for (int k = 0; k < 64 && p < end && p + 12 <= winEnd; k++) {
            int w = p - winBase;
            int size = recordSize(win, w);
            if (size < 0 || size > end - p) {
                ok = false;
                break;
            }
            int nameOff = (win[w] & 0xff) | (win[w + 1] & 0xff) << 8 | (win[w + 2] & 0xff) << 16 | (win[w + 3] & 0xff) << 24;
            if (nameOff != 0 && typeGroup[win[w + 7] & 0x1f]) {
                named[m++] = n;
                named[m++] = nameOff;
            }
            offs[n++] = p;
            p += size;
        }
        if (ok && p < end && end - p < 12) {
            ok = false; // a truncated last record
        }
        state[0] = p;
        state[1] = n;
        state[2] = m;
        return ok;
    }

    /** Size of the record at w of the window (header included), or -1 for an unknown kind. Small so that it is compiled early. */
    private static int recordSize(byte[] d, int w) {
        int kind = d[w + 7] & 0x1f;
        int fixed = FIXED[kind];
        if (fixed < 0) {
            return -1;
        }
        return 12 + fixed + ((d[w + 4] & 0xff) | (d[w + 5] & 0xff) << 8) * PER_VLEN[kind];
    }

    /** The type of the record at {@code p} of {@code btf}'s raw bytes, its references checked. */
    static BtfType decode(Btf btf, int id, int p) {
        int nameOff = btf.i32(p);
        int info = btf.i32(p + 4);
        int st = btf.i32(p + 8);
        int kind = (info >>> 24) & 0x1f;
        int vlen = info & 0xffff;
        boolean kflag = info < 0;
        String name = nameOff == 0 ? "" : btf.string(nameOff);
        int q = p + 12;
        BtfType t = switch (kind) {
            case KIND_INT -> {
                int v = btf.i32(q);
                yield new Int(name, st, (v >>> 24) & 0xf, (v >>> 16) & 0xff, v & 0xff);
            }
            case KIND_PTR -> new Ptr(st);
            case KIND_ARRAY -> new Array(btf.i32(q), btf.i32(q + 4), btf.i32(q + 8));
            case KIND_STRUCT, KIND_UNION -> {
                Member[] ms = new Member[vlen];
                for (int i = 0; i < vlen; i++) {
                    int mo = q + 12 * i;
                    int mn = btf.i32(mo);
                    int off = btf.i32(mo + 8);
                    ms[i] = new Member(mn == 0 ? "" : btf.string(mn), btf.i32(mo + 4),
                            kflag ? off & 0xffffff : off, kflag ? off >>> 24 : 0);
                }
                List<Member> list = Arrays.asList(ms);
                yield kind == KIND_STRUCT ? new Struct(name, st, list, kflag) : new Union(name, st, list, kflag);
            }
            case KIND_ENUM -> {
                EnumValue[] vs = new EnumValue[vlen];
                for (int i = 0; i < vlen; i++) {
                    int eo = q + 8 * i;
                    int v = btf.i32(eo + 4);
                    vs[i] = new EnumValue(btf.string(btf.i32(eo)), kflag ? v : Integer.toUnsignedLong(v));
                }
                yield new BtfType.Enum(name, st, Arrays.asList(vs), kflag);
            }
            case KIND_ENUM64 -> {
                EnumValue[] vs = new EnumValue[vlen];
                for (int i = 0; i < vlen; i++) {
                    int eo = q + 12 * i;
                    long lo = Integer.toUnsignedLong(btf.i32(eo + 4));
                    long hi = Integer.toUnsignedLong(btf.i32(eo + 8));
                    vs[i] = new EnumValue(btf.string(btf.i32(eo)), hi << 32 | lo);
                }
                yield new Enum64(name, st, Arrays.asList(vs), kflag);
            }
            case KIND_FWD -> new Fwd(name, kflag);
            case KIND_TYPEDEF -> new Typedef(name, st);
            case KIND_VOLATILE -> new Volatile(st);
            case KIND_CONST -> new Const(st);
            case KIND_RESTRICT -> new Restrict(st);
            case KIND_FUNC -> new Func(name, st, vlen);
            case KIND_FUNC_PROTO -> {
                Param[] ps = new Param[vlen];
                for (int i = 0; i < vlen; i++) {
                    int po = q + 8 * i;
                    int pn = btf.i32(po);
                    ps[i] = new Param(pn == 0 ? "" : btf.string(pn), btf.i32(po + 4));
                }
                yield new FuncProto(st, Arrays.asList(ps));
            }
            case KIND_VAR -> new Var(name, st, btf.i32(q));
            case KIND_DATASEC -> {
                VarSecinfo[] vs = new VarSecinfo[vlen];
                for (int i = 0; i < vlen; i++) {
                    int vo = q + 12 * i;
                    vs[i] = new VarSecinfo(btf.i32(vo), btf.i32(vo + 4), btf.i32(vo + 8));
                }
                yield new Datasec(name, st, Arrays.asList(vs));
            }
            case KIND_FLOAT -> new BtfType.Float(name, st);
            case KIND_DECL_TAG -> new DeclTag(name, st, btf.i32(q), kflag);
            case KIND_TYPE_TAG -> new TypeTag(name, st, kflag);
            default -> throw new BtfException(btf.source + ": type id " + id + " has unknown kind " + kind);
        };
        checkRefs(btf, id, t);
        return t;
    }

    /**
     * Checks that every type id {@code t} (type {@code id} of {@code btf}) refers to exists.
     * Start-up path: instanceof chains rather than pattern switches here and in BtfLayout, as each
     * pattern switch costs a bootstrap (a class spun at run time) on its first use.
     */
    static void checkRefs(Btf btf, int id, BtfType t) {
        if (t instanceof Ref r) {
            checkRef(btf, id, r.type());
        } else if (t instanceof Array a) {
            checkRef(btf, id, a.type());
            checkRef(btf, id, a.indexType());
        } else if (t instanceof Composite c) {
            for (Member m : c.members()) {
                checkRef(btf, id, m.type());
            }
        } else if (t instanceof FuncProto fp) {
            checkRef(btf, id, fp.returnType());
            for (Param pa : fp.params()) {
                checkRef(btf, id, pa.type());
            }
        } else if (t instanceof Datasec ds) {
            for (VarSecinfo v : ds.vars()) {
                checkRef(btf, id, v.type());
            }
        }
    }

    private static void checkRef(Btf btf, int id, int ref) {
        if (ref < 0 || ref >= btf.typeCount()) {
            throw new BtfException(btf.source + ": type id " + id + " refers to type id " + Integer.toUnsignedString(ref)
                    + ", which does not exist (" + btf.typeCount() + " types)");
        }
    }

    private static long u32(MemorySegment b, int off) {
        return Integer.toUnsignedLong(b.get(I32, off));
    }

    /** The little-endian 32-bit word at {@code off} of raw BTF in a segment. */
    static int i32(MemorySegment d, long off) {
        return d.get(I32, off);
    }

    /** The little-endian 32-bit word at {@code off} of raw BTF in an array. */
    static int i32(byte[] d, int off) {
        return (int) I32_ARRAY.get(d, off);
    }

    /**
     * The array behind a segment made by {@code MemorySegment.ofArray(byte[])}, or null. Arrays
     * are read directly: interpreted code (a cold start) reads them several times faster.
     */
    static byte[] heapArray(MemorySegment d) {
        Object heap = d.heapBase().orElse(null);
        return heap instanceof byte[] a && d.address() == 0 && d.byteSize() == a.length ? a : null;
    }

    /**
     * Copies {@code len} bytes at {@code off} of {@code from} to the start of {@code to}. Segment to
     * segment: the overloads that copy into an array spin a type-switch class on their first use
     * (tens of milliseconds at a cold start).
     */
    static void copy(MemorySegment from, long off, byte[] to, int len) {
        MemorySegment.copy(from, off, MemorySegment.ofArray(to), 0, len);
    }

    static byte byteAt(MemorySegment d, long off) {
        return d.get(ValueLayout.JAVA_BYTE, off);
    }
}
