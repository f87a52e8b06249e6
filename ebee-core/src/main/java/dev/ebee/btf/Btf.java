package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.btf.BtfType.*;

import static dev.ebee.btf.BtfType.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * <p>
 * This class is the model: types by id, strings, lookups by name. The raw format is read by
 * {@code BtfParser}, names are indexed by {@code BtfNameIndex}, sizes and alignments computed by
 * {@code BtfLayout}, copies made by {@code BtfTransforms}; {@link KernelBtf} has the running
 * kernel's BTF.
 */
public final class Btf {
    public static final int MAGIC = 0xeB9F;
    public static final int HEADER_SIZE = 24;
    static final int MAX_CHAIN = 4096;

    final String source;
    final Btf base;
    final int firstId;
    final int count;
    final MemorySegment data; // raw bytes (the heap or a mapping), or null when built from records without a string section
    private final byte[] array; // data's array when it is on the heap: read directly, as interpreted code reads arrays much faster
    final int strStart;
    final int strLen;
    final int[] offsets; // absolute offset of each local type record, null when built from records
    final BtfType[] cache;
    final int[] namedTypes; // named types of the type group, in order: pairs of local index and name offset (parsed BTF only)
    private volatile BtfNameIndex typeIndex; // names of types (structs, typedefs, enums, ...)
    private volatile BtfNameIndex declIndex; // names of declarations (FUNC, VAR, DATASEC, DECL_TAG)
    volatile int[] alignCache; // alignments of composites by id, filled by BtfLayout

    Btf(String source, Btf base, MemorySegment data, int strStart, int strLen, int[] offsets, int count, BtfType[] types,
        int[] namedTypes) {
        this.source = source;
        this.base = base;
        this.firstId = base == null ? 1 : base.typeCount();
        this.data = data;
        this.array = data == null ? null : BtfParser.heapArray(data);
        this.strStart = strStart;
        this.strLen = strLen;
        this.offsets = offsets;
        this.count = count;
        this.cache = types == null ? new BtfType[count] : types;
        this.namedTypes = namedTypes;
    }

    // ---------------------------------------------------------------- construction

    /** Parses raw BTF ({@code .BTF} section or a /sys/kernel/btf file). */
    public static Btf parse(String source, byte[] raw) {
        return BtfParser.parse(source, MemorySegment.ofArray(raw), null);
    }

    /** Parses split BTF whose ids and strings continue {@code base} (null for standalone BTF). */
    public static Btf parse(String source, byte[] raw, Btf base) {
        return BtfParser.parse(source, MemorySegment.ofArray(raw), base);
    }

    /**
     * Parses raw BTF in a segment that stays valid and unchanged while the result is used (the
     * kernel's BTF: a read-only mapping of /sys/kernel/btf/vmlinux, read in place).
     */
    static Btf parse(String source, MemorySegment raw, Btf base) {
        return BtfParser.parse(source, raw, base);
    }

    /** Types built in code: element i of {@code types} gets id i+1. */
    public static Btf of(List<? extends BtfType> types) {
        return of("built", types, null);
    }

    /** Types built in code, on top of {@code base} (ids continue from it) when not null. */
    public static Btf of(String source, List<? extends BtfType> types, Btf base) {
        BtfType[] arr = types.toArray(new BtfType[0]);
        Btf b = new Btf(source, base, null, 0, 0, null, arr.length, arr, null);
        for (int i = 0; i < arr.length; i++) {
            if (arr[i] == null || arr[i] instanceof BtfType.Void) {
                throw new BtfException(source + ": type id " + (b.firstId + i) + " is null or void");
            }
            BtfParser.checkRefs(b, b.firstId + i, arr[i]);
        }
        return b;
    }

    /**
     * A copy with every local type replaced by {@code f(id, type)} (ids keep their meaning). The
     * string section of parsed BTF is kept, so string offsets used by .BTF.ext stay valid when
     * the result is written.
     */
    public Btf map(BiFunction<Integer, BtfType, BtfType> f) {
        return BtfTransforms.map(this, f);
    }

    /** A copy with {@code extra} types appended (ids from {@link #typeCount()} on). */
    public Btf withAppended(List<? extends BtfType> extra) {
        return BtfTransforms.withAppended(this, extra);
    }

    /**
     * Fixes DATASEC records as a compiler leaves them in an object file: the section size from
     * {@code sectionSize} (null: leave it) and each variable's offset from
     * {@code symbolOffset(section, variable)} (null: leave it), variables sorted by offset. This is
     * what BPF_BTF_LOAD needs for {@code .data}, {@code .rodata}, {@code .bss}, {@code .maps}, ...
     */
    public Btf fixupDatasecs(Function<String, Long> sectionSize, BiFunction<String, String, Long> symbolOffset) {
        return BtfTransforms.fixupDatasecs(this, sectionSize, symbolOffset);
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
            t = BtfParser.decode(this, id, offsets[i]);
            cache[i] = t;
        }
        return t;
    }

    /** How many local types have been decoded so far (for tests of the laziness). */
    int decodedCount() {
        int n = 0;
        for (BtfType t : cache) {
            n += t == null ? 0 : 1;
        }
        return n;
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
            return (i32(offsets[id - firstId] + 4) >>> 24) & 0x1f;
        }
        return type(id).kind();
    }

    /** The name of a type ("" when anonymous, "void" for id 0), without decoding it. */
    public String name(int id) {
        if (id > 0 && id < firstId && base != null) {
            return base.name(id);
        }
        if (id >= firstId && id - firstId < count && offsets != null && cache[id - firstId] == null) {
            return string(i32(offsets[id - firstId]));
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
        if (array == null) {
            return data.getString(strStart + off, StandardCharsets.UTF_8); // the section ends with NUL (checked)
        }
        int s = strStart + off;
        int e = s;
        while (array[e] != 0) {
            e++;
        }
        return new String(array, s, e - s, StandardCharsets.UTF_8);
    }

    /** The little-endian 32-bit word at {@code off} of the raw bytes. */
    int i32(int off) {
        return array != null ? BtfParser.i32(array, off) : BtfParser.i32(data, off);
    }

    /** The byte at {@code off} of the raw bytes. */
    byte byteAt(int off) {
        return array != null ? array[off] : BtfParser.byteAt(data, off);
    }

    /** Size of the string section (0 for BTF built in code). */
    public int stringSectionSize() {
        return strLen + (base == null ? 0 : base.stringSectionSize());
    }

    /** The raw string section of parsed BTF (own part only), or null. */
    byte[] ownStrings() {
        if (data == null) {
            return null;
        }
        byte[] out = new byte[strLen];
        BtfParser.copy(data, strStart, out, strLen);
        return out;
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
        int[] ids = BtfNameIndex.merge(lookupEssential(essentialName(name), false), lookupEssential(essentialName(name), true));
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
        for (int id : lookupEssential(essentialName(name), BtfNameIndex.isDeclKind(kind))) {
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
        for (int id : BtfNameIndex.merge(lookupEssential(ess, false), lookupEssential(ess, true))) {
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
        for (int id : lookupEssential(ess, BtfNameIndex.isDeclKind(kind))) {
            out.add(id);
        }
        return out;
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

    /** Own types of the group (declarations or types) with essential name {@code ess}. */
    private int[] lookupEssential(String ess, boolean decls) {
        BtfNameIndex index = decls ? declIndex : typeIndex;
        if (index == null) {
            index = buildIndex(decls);
        }
        return index.lookup(this, ess);
    }

    private synchronized BtfNameIndex buildIndex(boolean decls) {
        BtfNameIndex index = decls ? declIndex : typeIndex;
        if (index != null) {
            return index;
        }
        index = BtfNameIndex.build(this, decls);
        if (decls) {
            declIndex = index;
        } else {
            typeIndex = index;
        }
        return index;
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
        return BtfLayout.sizeOf(this, id);
    }

    /**
     * Alignment in bytes of a value of this type as a C compiler lays it out: scalars by size
     * (at most 8), structs by their most aligned member, 1 for structs whose layout shows they are
     * packed.
     */
    public int alignOf(int id) {
        return BtfLayout.alignOf(this, id);
    }

    /** Whether a composite needs {@code __attribute__((packed))} to get the layout BTF records. */
    public boolean isPacked(int id) {
        return BtfLayout.isPacked(this, id);
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
