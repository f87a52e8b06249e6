package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.btf.BtfType.*;
import dev.ebee.internal.sys.Native;

import static dev.ebee.btf.BtfType.*;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A BTF type graph: raw {@code .BTF} bytes parsed lazily (one scan records where each type
 * starts; types are decoded on demand; the name index is built on the first lookup), or a list of
 * types built in code. Split BTF (kernel modules) continues the ids and strings of a base.
 * Instances are immutable; the lazy caches are safe to fill from several threads.
 */
public final class Btf {
    public static final int MAGIC = 0xeB9F;
    public static final int HEADER_SIZE = 24;
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_CHAIN = 4096;
    private static final Path KERNEL = Path.of("/sys/kernel/btf/vmlinux");

    private final String source;
    private final Btf base;
    private final int firstId;
    private final int count;
    private final byte[] data; // raw bytes, or null when built from records without a string section
    private final int strStart;
    private final int strLen;
    private final int[] offsets; // absolute offset of each local type record, null when built from records
    private final BtfType[] cache;
    private volatile Index typeIndex; // names of types (structs, typedefs, enums, ...)
    private volatile Index declIndex; // names of declarations (FUNC, VAR, DATASEC, DECL_TAG)
    private int[] namedTypes; // local indices of named types of the type group, in order (parsed BTF only)
    private volatile int[] alignCache;

    private Btf(String source, Btf base, byte[] data, int strStart, int strLen, int[] offsets, int count, BtfType[] types) {
        this.source = source;
        this.base = base;
        this.firstId = base == null ? 1 : base.typeCount();
        this.data = data;
        this.strStart = strStart;
        this.strLen = strLen;
        this.offsets = offsets;
        this.count = count;
        this.cache = types == null ? new BtfType[count] : types;
    }

    // ---------------------------------------------------------------- construction

    /** Parses raw BTF ({@code .BTF} section or a /sys/kernel/btf file). */
    public static Btf parse(String source, byte[] raw) {
        return parse(source, raw, null);
    }

    /** Parses split BTF whose ids and strings continue {@code base} (null for standalone BTF). */
    public static Btf parse(String source, byte[] raw, Btf base) {
        if (raw.length < HEADER_SIZE) {
            throw new BtfException(source + ": BTF of " + raw.length + " bytes is shorter than its header");
        }
        int magic = (short) I16.get(raw, 0) & 0xffff;
        if (magic != MAGIC) {
            if (magic == 0x9FEB) {
                throw new BtfException(source + ": big-endian BTF is not supported");
            }
            throw new BtfException(source + ": not BTF (magic 0x" + Integer.toHexString(magic) + ")");
        }
        if (raw[2] != 1) {
            throw new BtfException(source + ": unsupported BTF version " + raw[2]);
        }
        long hdrLen = u32(raw, 4);
        long typeOff = u32(raw, 8), typeLen = u32(raw, 12), strOff = u32(raw, 16), strLenL = u32(raw, 20);
        if (hdrLen < HEADER_SIZE || hdrLen > raw.length) {
            throw new BtfException(source + ": BTF header length " + hdrLen + " is invalid for " + raw.length + " bytes");
        }
        for (long i = HEADER_SIZE; i < hdrLen; i++) {
            if (raw[(int) i] != 0) {
                throw new BtfException(source + ": BTF header has unknown non-zero fields");
            }
        }
        long avail = raw.length - hdrLen;
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
        if (base == null && (strLen == 0 || raw[strStart] != 0)) {
            throw new BtfException(source + ": BTF string section must start with an empty string");
        }
        if (strLen > 0 && raw[strStart + strLen - 1] != 0) {
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
        while (state[0] < end) {
            // room for a whole chunk (64 records): doubling once is not enough while the arrays are small
            while (offs.length - state[1] < 64) {
                offs = Arrays.copyOf(offs, offs.length * 2);
            }
            while (named.length - state[2] < 64) {
                named = Arrays.copyOf(named, named.length * 2);
            }
            if (!scanChunk(raw, end, offs, named, state)) {
                p = state[0];
                n = state[1];
                if (end - p < 12) {
                    throw new BtfException(source + ": truncated BTF type record at type id " + (firstId + n));
                }
                if (recordSize(raw, p) < 0) {
                    throw new BtfException(source + ": type id " + (firstId + n) + " has unknown kind " + (raw[p + 7] & 0x1f));
                }
                throw new BtfException(source + ": BTF type id " + (firstId + n) + " ("
                        + BtfType.kindName(raw[p + 7] & 0x1f) + ") runs past the end of the type section");
            }
        }
        n = state[1];
        if ((long) firstId + n > 0x100000) {
            throw new BtfException(source + ": too many BTF types (" + (firstId + n) + ")");
        }
        Btf b = new Btf(source, base, raw, strStart, strLen, offs, n, null);
        b.namedTypes = Arrays.copyOf(named, state[2]);
        return b;
    }

    // per kind: bytes after the 12-byte header that do not depend on vlen (-1: invalid kind), and per vlen
    private static final int[] FIXED = {-1, 4, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 4, 0, 0,
            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    private static final int[] PER_VLEN = {0, 0, 0, 0, 12, 12, 8, 0, 0, 0, 0, 0, 0, 8, 0, 12, 0, 0, 0, 12,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    /**
     * Records the offsets of up to 64 records; false at a bad record (state = position, count).
     * Short chunks let the JIT compile the scan after a few thousand records on a cold JVM.
     */
    private static boolean scanChunk(byte[] raw, int end, int[] offs, int[] named, int[] state) {
        int p = state[0];
        int n = state[1];
        int m = state[2];
        for (int k = 0; k < 64 && p < end; k++) {
            int size = end - p < 12 ? -1 : recordSize(raw, p);
            if (size < 0 || size > end - p) {
                state[0] = p;
                state[1] = n;
                state[2] = m;
                return false;
            }
            if ((raw[p] | raw[p + 1] | raw[p + 2] | raw[p + 3]) != 0 && TYPE_GROUP[raw[p + 7] & 0x1f]) {
                named[m++] = n;
            }
            offs[n++] = p;
            p += size;
        }
        state[0] = p;
        state[1] = n;
        state[2] = m;
        return true;
    }

    /** Kinds whose names go to the type index (not FUNC, VAR, DATASEC, DECL_TAG). */
    private static final boolean[] TYPE_GROUP = new boolean[32];

    static {
        for (int k = 0; k < 32; k++) {
            TYPE_GROUP[k] = k != KIND_FUNC && k != KIND_VAR && k != KIND_DATASEC && k != KIND_DECL_TAG;
        }
    }

    /** Size of the record at p (header included), or -1 for an unknown kind. Small so that it is compiled early. */
    private static int recordSize(byte[] d, int p) {
        int kind = d[p + 7] & 0x1f;
        int fixed = FIXED[kind];
        if (fixed < 0) {
            return -1;
        }
        return 12 + fixed + ((d[p + 4] & 0xff) | (d[p + 5] & 0xff) << 8) * PER_VLEN[kind];
    }

    private static final Object KERNEL_LOCK = new Object();
    private static java.lang.ref.SoftReference<Btf> kernelCache;

    /**
     * The running kernel's BTF, from /sys/kernel/btf/vmlinux. Parsed once per process and kept
     * while memory allows (a soft reference; {@link #flushKernelCache()} drops it at once): every
     * load that relocates against the kernel needs it, and it does not change while the system
     * runs. A caller that asks while another thread parses it waits for that parse.
     */
    public static Btf kernel() {
        synchronized (KERNEL_LOCK) {
            Btf b = kernelCache == null ? null : kernelCache.get();
            if (b == null) {
                b = parse(KERNEL.toString(), read(KERNEL));
                kernelCache = new java.lang.ref.SoftReference<>(b);
            }
            return b;
        }
    }

    /** Forgets the cached kernel BTF ({@link #kernel()} parses it again when next asked). */
    public static void flushKernelCache() {
        synchronized (KERNEL_LOCK) {
            kernelCache = null;
        }
    }

    /** A kernel module's split BTF, from /sys/kernel/btf/{@code module}, on top of {@code vmlinux}. */
    public static Btf kernelModule(String module, Btf vmlinux) {
        if (module.contains("/") || module.isEmpty()) {
            throw new BtfException("bad kernel module name '" + module + "'");
        }
        Path p = KERNEL.resolveSibling(module);
        return parse(p.toString(), read(p), vmlinux);
    }

    /**
     * The contents of a /sys/kernel/btf file. Kernels since 6.16 let these files be mapped
     * (privately, read-only): one copy from the mapping, where reading takes a system call per
     * 4 KiB page (sysfs) and several megabytes of temporary buffers. Files that cannot be mapped
     * (older kernels) are read.
     */
    private static byte[] read(Path p) {
        byte[] b = mapped(p);
        if (b != null) {
            return b;
        }
        try {
            return Files.readAllBytes(p);
        } catch (AccessDeniedException e) {
            throw new BtfException("cannot read " + p + ": permission denied", "reading kernel BTF needs root", e);
        } catch (NoSuchFileException e) {
            throw new BtfException(p + " does not exist",
                    "the kernel needs CONFIG_DEBUG_INFO_BTF=y (and CONFIG_DEBUG_INFO_BTF_MODULES for modules)", e);
        } catch (IOException e) {
            throw new BtfException("cannot read " + p + ": " + e.getMessage(), null, e);
        }
    }

    /** The file's bytes through a private mapping, or null when it cannot be opened or mapped. */
    private static byte[] mapped(Path p) {
        int fd;
        try {
            fd = Native.open(p.toString(), Native.O_RDONLY | Native.O_CLOEXEC);
        } catch (RuntimeException e) {
            return null; // reading says why
        }
        try {
            long len = Native.fileSizeRaw(fd);
            if (len <= 0 || len > Integer.MAX_VALUE - 16) {
                return null;
            }
            java.lang.foreign.MemorySegment m;
            try {
                m = Native.mmapPrivate("mmap " + p, len, fd);
            } catch (RuntimeException e) {
                return null;
            }
            try {
                byte[] b = new byte[(int) len];
                java.lang.foreign.MemorySegment.copy(m, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b, 0, (int) len);
                return b;
            } finally {
                Native.munmap(m);
            }
        } finally {
            Native.close(fd);
        }
    }

    /** Types built in code: element i of {@code types} gets id i+1. */
    public static Btf of(List<? extends BtfType> types) {
        return of("built", types, null);
    }

    /** Types built in code, on top of {@code base} (ids continue from it) when not null. */
    public static Btf of(String source, List<? extends BtfType> types, Btf base) {
        BtfType[] arr = types.toArray(new BtfType[0]);
        Btf b = new Btf(source, base, null, 0, 0, null, arr.length, arr);
        for (int i = 0; i < arr.length; i++) {
            if (arr[i] == null || arr[i] instanceof BtfType.Void) {
                throw new BtfException(source + ": type id " + (b.firstId + i) + " is null or void");
            }
            b.checkRefs(b.firstId + i, arr[i]);
        }
        return b;
    }

    /**
     * A copy with every local type replaced by {@code f(id, type)} (ids keep their meaning). The
     * string section of parsed BTF is kept, so string offsets used by .BTF.ext stay valid when
     * the result is written.
     */
    public Btf map(BiFunction<Integer, BtfType, BtfType> f) {
        BtfType[] arr = new BtfType[count];
        for (int i = 0; i < count; i++) {
            BtfType t = type(firstId + i);
            BtfType r = f.apply(firstId + i, t);
            arr[i] = r == null ? t : r;
        }
        Btf b = new Btf(source, base, data, strStart, strLen, null, count, arr);
        for (int i = 0; i < count; i++) {
            b.checkRefs(firstId + i, arr[i]);
        }
        return b;
    }

    /** A copy with {@code extra} types appended (ids from {@link #typeCount()} on). */
    public Btf withAppended(List<? extends BtfType> extra) {
        BtfType[] arr = new BtfType[count + extra.size()];
        for (int i = 0; i < count; i++) {
            arr[i] = type(firstId + i);
        }
        for (int i = 0; i < extra.size(); i++) {
            arr[count + i] = extra.get(i);
        }
        Btf b = new Btf(source, base, data, strStart, strLen, null, arr.length, arr);
        for (int i = 0; i < arr.length; i++) {
            b.checkRefs(firstId + i, arr[i]);
        }
        return b;
    }

    /**
     * Fixes DATASEC records as a compiler leaves them in an object file: the section size from
     * {@code sectionSize} (null: leave it) and each variable's offset from
     * {@code symbolOffset(section, variable)} (null: leave it), variables sorted by offset. This is
     * what BPF_BTF_LOAD needs for {@code .data}, {@code .rodata}, {@code .bss}, {@code .maps}, ...
     */
    public Btf fixupDatasecs(Function<String, Long> sectionSize, BiFunction<String, String, Long> symbolOffset) {
        return map((id, t) -> {
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
                BtfType vt = type(v.type());
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

    // ---------------------------------------------------------------- accessors

    /** Where this BTF came from, for messages. */
    public String source() {
        return source;
    }

    /** The base of split BTF, or null. */
    public Btf base() {
        return base;
    }

    /** Number of type ids, counting void (id 0) and the base's types: the ids are 0 .. typeCount()-1. */
    public int typeCount() {
        return firstId + count;
    }

    /** The first id defined by this BTF (1, or the base's typeCount() for split BTF). */
    public int firstLocalId() {
        return firstId;
    }

    /** Number of types this BTF defines itself (not counting void or the base). */
    public int localTypeCount() {
        return count;
    }

    /** The type with this id; 0 is {@link BtfType.Void}. */
    public BtfType type(int id) {
        if (id < firstId) {
            if (id == 0) {
                return BtfType.Void.INSTANCE;
            }
            if (base != null && id > 0) {
                return base.type(id);
            }
            throw new BtfException(source + ": type id " + id + " does not exist (" + typeCount() + " types)");
        }
        int i = id - firstId;
        if (i >= count) {
            throw new BtfException(source + ": type id " + id + " does not exist (" + typeCount() + " types)");
        }
        BtfType t = cache[i];
        if (t == null) {
            t = decode(id, offsets[i]);
            cache[i] = t;
        }
        return t;
    }

    /** Every local type, in id order (decodes all of them). */
    public List<BtfType> types() {
        List<BtfType> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(type(firstId + i));
        }
        return Collections.unmodifiableList(out);
    }

    /** The kind of a type, without decoding it. */
    public int kind(int id) {
        if (id > 0 && id < firstId && base != null) {
            return base.kind(id);
        }
        if (id >= firstId && id - firstId < count && offsets != null) {
            return ((int) I32.get(data, offsets[id - firstId] + 4) >>> 24) & 0x1f;
        }
        return type(id).kind();
    }

    /** The name of a type ("" when anonymous, "void" for id 0), without decoding it. */
    public String name(int id) {
        if (id > 0 && id < firstId && base != null) {
            return base.name(id);
        }
        if (id >= firstId && id - firstId < count && offsets != null && cache[id - firstId] == null) {
            return string((int) I32.get(data, offsets[id - firstId]));
        }
        return type(id).name();
    }

    /** The string at {@code offset} of the string section (continuing the base's for split BTF). */
    public String string(int offset) {
        if (base != null && Integer.compareUnsigned(offset, base.stringSectionSize()) < 0) {
            return base.string(offset);
        }
        int off = base == null ? offset : offset - base.stringSectionSize();
        if (data == null) {
            if (offset == 0) {
                return "";
            }
            throw new BtfException(source + ": BTF built in code has no string section");
        }
        if (off < 0 || off >= strLen) {
            throw new BtfException(source + ": string offset " + Integer.toUnsignedString(offset) + " is outside the string section");
        }
        int s = strStart + off;
        int e = s;
        while (data[e] != 0) { // the section ends with NUL (checked)
            e++;
        }
        return new String(data, s, e - s, StandardCharsets.UTF_8);
    }

    /** Size of the string section (0 for BTF built in code). */
    public int stringSectionSize() {
        return strLen + (base == null ? 0 : base.stringSectionSize());
    }

    /** The raw string section of parsed BTF (own part only), or null. */
    byte[] ownStrings() {
        return data == null ? null : Arrays.copyOfRange(data, strStart, strStart + strLen);
    }

    boolean hasOwnStrings() {
        return data != null;
    }

    // ---------------------------------------------------------------- names

    /** Ids of the types named exactly {@code name}, base types first, in id order. */
    public List<Integer> typesByName(String name) {
        List<Integer> out = new ArrayList<>(2);
        if (base != null) {
            out.addAll(base.typesByName(name));
        }
        if (name.isEmpty()) {
            return out;
        }
        int[] ids = merge(lookupEssential(essentialName(name), false), lookupEssential(essentialName(name), true));
        for (int id : ids) {
            if (name(id).equals(name)) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Ids of the types of kind {@code kind} named exactly {@code name}, base types first. Only
     * the name index of that kind's group (types, or functions and variables) is built, which
     * keeps the first lookup of a struct in kernel BTF cheap.
     */
    public List<Integer> typesByName(String name, int kind) {
        List<Integer> out = new ArrayList<>(2);
        if (base != null) {
            out.addAll(base.typesByName(name, kind));
        }
        if (name.isEmpty()) {
            return out;
        }
        for (int id : lookupEssential(essentialName(name), isDeclKind(kind))) {
            if (kind(id) == kind && name(id).equals(name)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The first type named {@code name} of kind {@code kind}. */
    public OptionalInt typeId(String name, int kind) {
        List<Integer> ids = typesByName(name, kind);
        return ids.isEmpty() ? OptionalInt.empty() : OptionalInt.of(ids.getFirst());
    }

    /** The first type named {@code name} of kind {@code kind}, or a BtfException saying it is missing. */
    public int requireType(String name, int kind) {
        return typeId(name, kind).orElseThrow(() -> new BtfException(
                source + ": no " + BtfType.kindName(kind) + " named '" + name + "'"));
    }

    /**
     * Ids of the types whose name equals {@code name} once a {@code ___flavour} suffix is dropped
     * from both, as CO-RE matches them; base types first.
     */
    public List<Integer> typesByEssentialName(String name) {
        List<Integer> out = new ArrayList<>(2);
        if (base != null) {
            out.addAll(base.typesByEssentialName(name));
        }
        String ess = essentialName(name);
        if (ess.isEmpty()) {
            return out;
        }
        for (int id : merge(lookupEssential(ess, false), lookupEssential(ess, true))) {
            out.add(id);
        }
        return out;
    }

    /**
     * Like {@link #typesByEssentialName(String)} restricted to the kinds grouped with {@code kind}
     * (types, or FUNC/VAR/DATASEC/DECL_TAG); callers filter the exact kinds they accept.
     */
    public List<Integer> typesByEssentialName(String name, int kind) {
        List<Integer> out = new ArrayList<>(2);
        if (base != null) {
            out.addAll(base.typesByEssentialName(name, kind));
        }
        String ess = essentialName(name);
        if (ess.isEmpty()) {
            return out;
        }
        for (int id : lookupEssential(ess, isDeclKind(kind))) {
            out.add(id);
        }
        return out;
    }

    private static boolean isDeclKind(int kind) {
        return kind == KIND_FUNC || kind == KIND_VAR || kind == KIND_DATASEC || kind == KIND_DECL_TAG;
    }

    private static int[] merge(int[] a, int[] b) {
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

    /** The name without a CO-RE flavour suffix: {@code task_struct___old} becomes {@code task_struct}. */
    public static String essentialName(String name) {
        for (int i = name.length() - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.charAt(i + 1) == '_' && name.charAt(i + 2) == '_'
                    && name.charAt(i + 3) == '_' && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }

    private record Index(int[] heads, int[] next) {
    }

    private int[] lookupEssential(String ess, boolean decls) {
        Index index = decls ? declIndex : typeIndex;
        if (index == null) {
            index = buildIndex(decls);
        }
        int[] heads = index.heads();
        int[] next = index.next();
        byte[] q = ess.getBytes(StandardCharsets.UTF_8);
        int h = nonZero(hash(q, 0, q.length)) & (heads.length - 1);
        int[] out = new int[4];
        int n = 0;
        for (int i = heads[h]; i >= 0; i = next[i]) {
            if (essentialEquals(i, ess, q)) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = firstId + i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private boolean essentialEquals(int i, String ess, byte[] q) {
        if (offsets == null) {
            return essentialName(cache[i].name()).equals(ess);
        }
        int nameOff = (int) I32.get(data, offsets[i]);
        int s = stringPos(nameOff);
        if (s < 0) {
            try {
                return essentialName(string(nameOff)).equals(ess);
            } catch (BtfException e) {
                return false;
            }
        }
        int e = s;
        while (data[e] != 0) {
            e++;
        }
        int len = essentialLen(data, s, e);
        return len == q.length && Arrays.equals(data, s, s + len, q, 0, q.length);
    }

    /** Absolute position of an own string in data, or -1 (base string or invalid). */
    private int stringPos(int nameOff) {
        int off = base == null ? nameOff : nameOff - base.stringSectionSize();
        if (off < 0 || off >= strLen) {
            return -1;
        }
        return strStart + off;
    }

    private synchronized Index buildIndex(boolean decls) {
        Index index = decls ? declIndex : typeIndex;
        if (index != null) {
            return index;
        }
        int size = Integer.highestOneBit(Math.max(16, (decls ? count : count / 4) * 2 - 1)) << 1;
        int[] heads = new int[size];
        Arrays.fill(heads, -1);
        int[] next = new int[count];
        int[] nt = namedTypes;
        if (!decls && nt != null) {
            for (int j = nt.length - 1; j >= 0; j -= 64) {
                indexNamed(nt, j, Math.max(-1, j - 64), heads, next);
            }
        } else {
            for (int i = count - 1; i >= 0; i -= 64) {
                indexChunk(i, Math.max(-1, i - 64), heads, next, decls);
            }
        }
        index = new Index(heads, next);
        if (decls) {
            declIndex = index;
        } else {
            typeIndex = index;
        }
        return index;
    }

    private void indexNamed(int[] nt, int from, int downTo, int[] heads, int[] next) {
        int mask = heads.length - 1;
        for (int j = from; j > downTo; j--) {
            int i = nt[j];
            int h = rawNameHash(i);
            if (h != 0) {
                int slot = h & mask;
                next[i] = heads[slot];
                heads[slot] = i;
            }
        }
    }

    private void indexChunk(int from, int downTo, int[] heads, int[] next, boolean decls) {
        int mask = heads.length - 1;
        for (int i = from; i > downTo; i--) {
            int kind = offsets != null ? data[offsets[i] + 7] & 0x1f : cache[i].kind();
            if (isDeclKind(kind) != decls) {
                continue;
            }
            int h = offsets != null ? rawNameHash(i) : recordNameHash(i);
            if (h != 0) {
                int slot = h & mask;
                next[i] = heads[slot];
                heads[slot] = i;
            }
        }
    }

    /** Hash of the essential name of local type i (parsed BTF), 0 for anonymous or unreadable names. */
    private int rawNameHash(int i) {
        int o = offsets[i];
        int nameOff = (data[o] & 0xff) | (data[o + 1] & 0xff) << 8 | (data[o + 2] & 0xff) << 16 | (data[o + 3] & 0xff) << 24;
        if (nameOff == 0) {
            return 0;
        }
        int s = stringPos(nameOff);
        if (s < 0) {
            try {
                byte[] b = essentialName(string(nameOff)).getBytes(StandardCharsets.UTF_8);
                return nonZero(hash(b, 0, b.length));
            } catch (BtfException e) {
                return 0; // reported when the type is decoded
            }
        }
        int h = 0x811c9dc5;
        int run = 0;
        boolean flavour = false;
        int e = s;
        for (byte c; (c = data[e]) != 0; e++) {
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

    private int recordNameHash(int i) {
        String nm = cache[i].name();
        if (nm.isEmpty()) {
            return 0;
        }
        byte[] b = essentialName(nm).getBytes(StandardCharsets.UTF_8);
        return nonZero(hash(b, 0, b.length));
    }

    private static int nonZero(int h) {
        return h == 0 ? 1 : h;
    }

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

    // ---------------------------------------------------------------- layout

    /** Follows typedef, const, volatile, restrict and type tags to the underlying type id. */
    public int resolve(int id) {
        for (int i = 0; i < MAX_CHAIN; i++) {
            int k = kind(id);
            if (k != KIND_TYPEDEF && k != KIND_CONST && k != KIND_VOLATILE && k != KIND_RESTRICT && k != KIND_TYPE_TAG) {
                return id;
            }
            id = ((Ref) type(id)).type();
        }
        throw new BtfException(source + ": reference cycle or chain longer than " + MAX_CHAIN + " at type id " + id);
    }

    /** Follows const, volatile, restrict and type tags (not typedefs). */
    public int skipQualifiers(int id) {
        for (int i = 0; i < MAX_CHAIN; i++) {
            int k = kind(id);
            if (k != KIND_CONST && k != KIND_VOLATILE && k != KIND_RESTRICT && k != KIND_TYPE_TAG) {
                return id;
            }
            id = ((Ref) type(id)).type();
        }
        throw new BtfException(source + ": reference cycle or chain longer than " + MAX_CHAIN + " at type id " + id);
    }

    /** Size in bytes of a value of this type (pointers are 8 bytes). */
    public long sizeOf(int id) {
        long mul = 1;
        int start = id;
        for (int i = 0; i < MAX_CHAIN; i++) {
            BtfType t = type(id);
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
                    throw new BtfException(source + ": size of type id " + start + " overflows");
                }
                id = a.type();
                continue;
            } else {
                throw new BtfException(source + ": type id " + id + " (" + t.kindName() + ") has no size");
            }
            try {
                return Math.multiplyExact(mul, size);
            } catch (ArithmeticException e) {
                throw new BtfException(source + ": size of type id " + start + " overflows");
            }
        }
        throw new BtfException(source + ": reference cycle or chain longer than " + MAX_CHAIN + " at type id " + start);
    }

    /**
     * Alignment in bytes of a value of this type as a C compiler lays it out: scalars by size
     * (at most 8), structs by their most aligned member, 1 for structs whose layout shows they are
     * packed.
     */
    public int alignOf(int id) {
        return alignOf(id, 0);
    }

    private int alignOf(int id, int depth) {
        if (depth > 256) {
            throw new BtfException(source + ": types nested too deeply (a cycle?) at type id " + id);
        }
        int r = resolve(id);
        BtfType t = type(r);
        if (t instanceof Int x) {
            return Math.max(1, Math.min(x.size(), 8));
        } else if (t instanceof AnyEnum x) {
            return Math.max(1, Math.min(x.size(), 8));
        } else if (t instanceof BtfType.Float x) {
            return Math.max(1, Math.min(x.size(), 16));
        } else if (t instanceof Ptr) {
            return 8;
        } else if (t instanceof Array a) {
            return alignOf(a.type(), depth + 1);
        } else if (t instanceof Composite c) {
            return compositeAlign(r, c, depth);
        }
        throw new BtfException(source + ": type id " + r + " (" + t.kindName() + ") has no alignment");
    }

    private int compositeAlign(int id, Composite c, int depth) {
        int[] ac = alignCache;
        if (ac == null) {
            ac = new int[typeCount()];
            alignCache = ac;
        }
        if (id < ac.length && ac[id] != 0) {
            return ac[id];
        }
        int max = 1;
        boolean packed = false;
        for (Member m : c.members()) {
            int a = alignOf(m.type(), depth + 1);
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

    /** Whether a composite needs {@code __attribute__((packed))} to get the layout BTF records. */
    public boolean isPacked(int id) {
        int r = resolve(id);
        if (!(type(r) instanceof Composite c) || c.members().isEmpty()) {
            return false;
        }
        return alignOf(r) == 1 && c.members().stream().anyMatch(m -> alignOf(m.type()) > 1);
    }

    // ---------------------------------------------------------------- decoding

    private BtfType decode(int id, int p) {
        int nameOff = (int) I32.get(data, p);
        int info = (int) I32.get(data, p + 4);
        int st = (int) I32.get(data, p + 8);
        int kind = (info >>> 24) & 0x1f;
        int vlen = info & 0xffff;
        boolean kflag = info < 0;
        String name = nameOff == 0 ? "" : string(nameOff);
        int q = p + 12;
        BtfType t = switch (kind) {
            case KIND_INT -> {
                int v = (int) I32.get(data, q);
                yield new Int(name, st, (v >>> 24) & 0xf, (v >>> 16) & 0xff, v & 0xff);
            }
            case KIND_PTR -> new Ptr(st);
            case KIND_ARRAY -> new Array((int) I32.get(data, q), (int) I32.get(data, q + 4), (int) I32.get(data, q + 8));
            case KIND_STRUCT, KIND_UNION -> {
                Member[] ms = new Member[vlen];
                for (int i = 0; i < vlen; i++) {
                    int mo = q + 12 * i;
                    int mn = (int) I32.get(data, mo);
                    int off = (int) I32.get(data, mo + 8);
                    ms[i] = new Member(mn == 0 ? "" : string(mn), (int) I32.get(data, mo + 4),
                            kflag ? off & 0xffffff : off, kflag ? off >>> 24 : 0);
                }
                List<Member> list = Arrays.asList(ms);
                yield kind == KIND_STRUCT ? new Struct(name, st, list, kflag) : new Union(name, st, list, kflag);
            }
            case KIND_ENUM -> {
                EnumValue[] vs = new EnumValue[vlen];
                for (int i = 0; i < vlen; i++) {
                    int eo = q + 8 * i;
                    int v = (int) I32.get(data, eo + 4);
                    vs[i] = new EnumValue(string((int) I32.get(data, eo)), kflag ? v : Integer.toUnsignedLong(v));
                }
                yield new BtfType.Enum(name, st, Arrays.asList(vs), kflag);
            }
            case KIND_ENUM64 -> {
                EnumValue[] vs = new EnumValue[vlen];
                for (int i = 0; i < vlen; i++) {
                    int eo = q + 12 * i;
                    long lo = Integer.toUnsignedLong((int) I32.get(data, eo + 4));
                    long hi = Integer.toUnsignedLong((int) I32.get(data, eo + 8));
                    vs[i] = new EnumValue(string((int) I32.get(data, eo)), hi << 32 | lo);
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
                    int pn = (int) I32.get(data, po);
                    ps[i] = new Param(pn == 0 ? "" : string(pn), (int) I32.get(data, po + 4));
                }
                yield new FuncProto(st, Arrays.asList(ps));
            }
            case KIND_VAR -> new Var(name, st, (int) I32.get(data, q));
            case KIND_DATASEC -> {
                VarSecinfo[] vs = new VarSecinfo[vlen];
                for (int i = 0; i < vlen; i++) {
                    int vo = q + 12 * i;
                    vs[i] = new VarSecinfo((int) I32.get(data, vo), (int) I32.get(data, vo + 4), (int) I32.get(data, vo + 8));
                }
                yield new Datasec(name, st, Arrays.asList(vs));
            }
            case KIND_FLOAT -> new BtfType.Float(name, st);
            case KIND_DECL_TAG -> new DeclTag(name, st, (int) I32.get(data, q), kflag);
            case KIND_TYPE_TAG -> new TypeTag(name, st, kflag);
            default -> throw new BtfException(source + ": type id " + id + " has unknown kind " + kind);
        };
        checkRefs(id, t);
        return t;
    }

    // Start-up path: instanceof chains rather than pattern switches here and in sizeOf/alignOf, as
    // each pattern switch costs a bootstrap (a class spun at run time) on its first use.
    private void checkRefs(int id, BtfType t) {
        if (t instanceof Ref r) {
            checkRef(id, r.type());
        } else if (t instanceof Array a) {
            checkRef(id, a.type());
            checkRef(id, a.indexType());
        } else if (t instanceof Composite c) {
            for (Member m : c.members()) {
                checkRef(id, m.type());
            }
        } else if (t instanceof FuncProto fp) {
            checkRef(id, fp.returnType());
            for (Param pa : fp.params()) {
                checkRef(id, pa.type());
            }
        } else if (t instanceof Datasec ds) {
            for (VarSecinfo v : ds.vars()) {
                checkRef(id, v.type());
            }
        }
    }

    private void checkRef(int id, int ref) {
        if (ref < 0 || ref >= typeCount()) {
            throw new BtfException(source + ": type id " + id + " refers to type id " + Integer.toUnsignedString(ref)
                    + ", which does not exist (" + typeCount() + " types)");
        }
    }

    private static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong((int) I32.get(b, off));
    }

    /** Encodes this BTF as raw bytes (see {@link BtfWriter}). */
    public byte[] toBytes() {
        return BtfWriter.write(this);
    }

    @Override
    public String toString() {
        return "BTF " + source + " (" + typeCount() + " type ids" + (base == null ? "" : ", split on " + base.source()) + ")";
    }
}
