package dev.ebee;

import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Cpus;
import dev.ebee.internal.sys.Fd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A live BPF map: owns its file descriptor. Three levels of access:
 * <ul>
 *   <li>{@link #lookup(MemorySegment, MemorySegment)} and friends on caller-owned native memory, allocation-free;</li>
 *   <li>byte arrays ({@link #lookup(byte[])}, {@link #update(byte[], byte[], long)});</li>
 *   <li>typed views with {@link Codec}s ({@link #typed(Codec, Codec)}).</li>
 * </ul>
 * Per-CPU maps carry one value slot (rounded up to 8 bytes) per possible CPU: see {@link #lookupPerCpu(byte[])}.
 */
public final class BpfMap extends KernelObject {
    /** Update flags ({@code BPF_ANY}, ...): create or replace; create only; replace only; take the value's bpf_spin_lock. */
    public static final long ANY = Bpf.ANY, NOEXIST = Bpf.NOEXIST, EXIST = Bpf.EXIST, LOCK = Bpf.F_LOCK;

    private final String name;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;
    private final int id;

    private BpfMap(Fd fd, String name, MapType type, int keySize, int valueSize, int maxEntries, int flags, int id) {
        super(fd);
        this.name = name;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.flags = flags;
        this.id = id;
    }

    // ------------------------------------------------------------------ creation

    /** Creates a map from a spec, without BTF. */
    public static BpfMap create(MapSpec spec) {
        return create(spec, 0);
    }

    /**
     * Creates a map from a spec. With a BTF fd, the spec's key/value type ids are passed to the kernel
     * (bpftool then shows the map's contents with their types).
     */
    public static BpfMap create(MapSpec spec, int btfFd) {
        return create(spec, btfFd, null);
    }

    /** {@link #create(MapSpec, int)} with a {@link BpfToken} (null: none), for a process that has one instead of CAP_BPF. */
    public static BpfMap create(MapSpec spec, int btfFd, BpfToken token) {
        return create(spec, btfFd, 0, token);
    }

    /**
     * A struct_ops map, whose value is the kernel's type {@code vmlinuxValueTypeId}
     * ({@code struct bpf_struct_ops_NAME} in vmlinux BTF). The kernel wants the object's BTF too
     * ({@code objectBtfFd}), though it describes nothing of the map.
     */
    static BpfMap createStructOps(MapSpec spec, int objectBtfFd, int vmlinuxValueTypeId, BpfToken token) {
        return create(spec, objectBtfFd, vmlinuxValueTypeId, token);
    }

    private static BpfMap create(MapSpec spec, int btfFd, int vmlinuxValueTypeId, BpfToken token) {
        validate(spec);
        dev.ebee.internal.sys.Memlock.ensure();
        BpfMap inner = null;
        try {
            if (spec.type().isMapOfMaps()) {
                if (spec.innerMap() == null) {
                    throw new EbeeException("map " + spec.name() + ": a " + spec.type().bpftoolName()
                            + " needs an inner map template", "declare __array(values, struct {...}) in the map definition");
                }
                inner = create(spec.innerMap().withName(spec.name() + ".inner"), 0, 0, token);
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment a = Bpf.attr(arena);
                a.set(JAVA_INT, Bpf.Attr.MAP_TYPE, spec.type().id());
                a.set(JAVA_INT, Bpf.Attr.KEY_SIZE, spec.keySize());
                a.set(JAVA_INT, Bpf.Attr.VALUE_SIZE, spec.valueSize());
                a.set(JAVA_INT, Bpf.Attr.MAX_ENTRIES, spec.maxEntries());
                a.set(JAVA_INT, Bpf.Attr.MAP_FLAGS, spec.flags());
                a.set(JAVA_INT, Bpf.Attr.INNER_MAP_FD, inner == null ? 0 : inner.fd());
                a.set(JAVA_INT, Bpf.Attr.NUMA_NODE, spec.numaNode());
                byte[] n = kernelName(spec.name());
                MemorySegment.copy(n, 0, a, ValueLayout.JAVA_BYTE, Bpf.Attr.MAP_NAME, n.length);
                a.set(ValueLayout.JAVA_LONG, Bpf.Attr.MAP_EXTRA, spec.mapExtra());
                if (token != null) {
                    a.set(JAVA_INT, Bpf.Attr.MAP_FLAGS, spec.flags() | Bpf.F_TOKEN_FD);
                    a.set(JAVA_INT, Bpf.Attr.MAP_TOKEN_FD, token.fd());
                }
                if (vmlinuxValueTypeId != 0) {
                    a.set(JAVA_INT, Bpf.Attr.BTF_FD, btfFd);
                    a.set(JAVA_INT, Bpf.Attr.BTF_VMLINUX_VALUE_TYPE_ID, vmlinuxValueTypeId);
                }
                if (btfFd > 0 && (spec.btfKeyTypeId() != 0 || spec.btfValueTypeId() != 0)) {
                    a.set(JAVA_INT, Bpf.Attr.BTF_FD, btfFd);
                    a.set(JAVA_INT, Bpf.Attr.BTF_KEY_TYPE_ID, spec.btfKeyTypeId());
                    a.set(JAVA_INT, Bpf.Attr.BTF_VALUE_TYPE_ID, spec.btfValueTypeId());
                }
                long r = Bpf.raw(Bpf.MAP_CREATE, a);
                if (r < 0 && btfFd > 0 && (spec.btfKeyTypeId() != 0 || spec.btfValueTypeId() != 0)) {
                    // some map types refuse a BTF description (EINVAL, ENOTSUPP): retry without it, as libbpf does
                    a.set(JAVA_INT, Bpf.Attr.BTF_FD, 0);
                    a.set(JAVA_INT, Bpf.Attr.BTF_KEY_TYPE_ID, 0);
                    a.set(JAVA_INT, Bpf.Attr.BTF_VALUE_TYPE_ID, 0);
                    r = Bpf.raw(Bpf.MAP_CREATE, a);
                }
                if (r < 0) {
                    throw createError(spec, (int) -r);
                }
                Fd fd = Fd.own((int) r, "map " + spec.name());
                BpfMap map = new BpfMap(fd, spec.name(), spec.type(), spec.keySize(), spec.valueSize(),
                        spec.maxEntries(), spec.flags(), infoId((int) r));
                try {
                    map.initialise(spec);
                } catch (RuntimeException e) {
                    map.close();
                    throw e;
                }
                return map;
            }
        } finally {
            if (inner != null) {
                inner.close();
            }
        }
    }

    private static SyscallException createError(MapSpec spec, int errno) {
        String op = "BPF_MAP_CREATE " + spec.name() + " (" + spec.type().bpftoolName() + ", key " + spec.keySize()
                + ", value " + spec.valueSize() + ", max_entries " + spec.maxEntries() + ", flags 0x"
                + Integer.toHexString(spec.flags()) + ")";
        if (errno == Errno.EINVAL) {
            return new SyscallException(op, errno,
                    "the kernel refused these parameters for this map type, or does not know the type");
        }
        return SyscallException.of(op, errno);
    }

    private void initialise(MapSpec spec) {
        for (MapSpec.Entry e : spec.contents()) {
            if (e.value() == null) {
                continue; // references are resolved by the collection loader
            }
            update(e.key(), e.value(), Bpf.ANY);
        }
        if (spec.freeze()) {
            freeze();
        }
    }

    private static void validate(MapSpec s) {
        String where = "map " + s.name() + ": ";
        if (s.type() == MapType.RINGBUF || s.type() == MapType.USER_RINGBUF) {
            long page = dev.ebee.internal.sys.Native.pageSize();
            int n = s.maxEntries();
            if (n <= 0 || Integer.bitCount(n) != 1 || n % page != 0) {
                throw new EbeeException(where + "ring buffer size " + n + " is not a power of two multiple of the page size ("
                        + page + ")", "use e.g. 256 * 1024");
            }
            if (s.keySize() != 0 || s.valueSize() != 0) {
                throw new EbeeException(where + "a ring buffer has no key or value size");
            }
        } else if (s.maxEntries() <= 0 && s.type() != MapType.PERF_EVENT_ARRAY) {
            throw new EbeeException(where + "max_entries must be positive, got " + s.maxEntries());
        }
    }

    /** The kernel keeps 15 bytes of name from [A-Za-z0-9_.]; other characters are dropped. */
    static byte[] kernelName(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (sb.length() == 15) {
                break;
            }
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.') {
                sb.append(c);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Opens the map pinned at {@code path} in a bpffs. */
    public static BpfMap openPinned(String path) {
        return fromFd(Fd.own(Bpf.objGet(path, 0), "pinned map " + path));
    }

    /** Opens a map by its kernel id. */
    public static BpfMap fromId(int id) {
        return fromFd(Fd.own(Bpf.fdById(Bpf.MAP_GET_FD_BY_ID, id), "map id " + id));
    }

    /** Takes ownership of a map fd, reading its parameters from the kernel. */
    private static BpfMap fromFd(Fd fd) {
        try {
            Info i = info(fd.get());
            return new BpfMap(fd, i.name(), i.type(), i.keySize(), i.valueSize(), i.maxEntries(), i.flags(), i.id());
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** What the kernel says about a map. */
    public record Info(MapType type, int id, int keySize, int valueSize, int maxEntries, int flags, String name) {
    }

    private static int infoId(int fd) {
        return info(fd).id();
    }

    private static Info info(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(88, 8);
            Bpf.objGetInfo(fd, info);
            return new Info(MapType.of(info.get(JAVA_INT, 0)), info.get(JAVA_INT, 4), info.get(JAVA_INT, 8),
                    info.get(JAVA_INT, 12), info.get(JAVA_INT, 16), info.get(JAVA_INT, 20),
                    info.getString(24) /* the kernel NUL-terminates names within 16 bytes */);
        }
    }

    /** The kernel's view of this map. */
    public Info info() {
        return info(fd());
    }

    // ------------------------------------------------------------------ properties

    /** The map's name, as the object or the kernel knows it. */
    public String name() {
        return name;
    }

    /** The map's type. */
    public MapType type() {
        return type;
    }

    /** Bytes of one key (0 for maps without keys: ring buffers, queues, stacks). */
    public int keySize() {
        return keySize;
    }

    /** Bytes of one value (of one CPU's value for per-CPU maps). */
    public int valueSize() {
        return valueSize;
    }

    /** The most entries the map holds (the ring's size in bytes for a ring buffer). */
    public int maxEntries() {
        return maxEntries;
    }

    /** The BPF_F_* flags it was created with ({@link MapSpec#F_NO_PREALLOC}, ...). */
    public int flags() {
        return flags;
    }

    /** The kernel's id of the map, as bpftool map shows it. */
    public int id() {
        return id;
    }

    /** Bytes a lookup writes: the value, or for per-CPU maps one 8-byte-aligned slot per possible CPU. */
    public long valueBufferSize() {
        if (type.isPerCpu()) {
            return (long) ((valueSize + 7) & ~7) * Cpus.possibleCount();
        }
        return type.isMapOfMaps() || type == MapType.PROG_ARRAY || type == MapType.PERF_EVENT_ARRAY ? 4 : valueSize;
    }

    // ------------------------------------------------------------------ raw access (no allocation)

    /** Looks up {@code key} into {@code value}: true if found. */
    public boolean lookup(MemorySegment key, MemorySegment value) {
        return check("BPF_MAP_LOOKUP_ELEM", Bpf.mapLookup(fd(), key, value, 0));
    }

    /** Looks up with flags (BPF_F_LOCK). */
    public boolean lookup(MemorySegment key, MemorySegment value, long flags) {
        return check("BPF_MAP_LOOKUP_ELEM", Bpf.mapLookup(fd(), key, value, flags));
    }

    /** Writes {@code key → value}; flags {@link Bpf#ANY}, {@link Bpf#NOEXIST}, {@link Bpf#EXIST}, {@link Bpf#F_LOCK}. */
    public void update(MemorySegment key, MemorySegment value, long flags) {
        int r = Bpf.mapUpdate(fd(), key, value, flags);
        if (r < 0) {
            throw elemError("BPF_MAP_UPDATE_ELEM", -r);
        }
    }

    /** Deletes {@code key}: true if it was there. */
    public boolean delete(MemorySegment key) {
        return check("BPF_MAP_DELETE_ELEM", Bpf.mapDelete(fd(), key));
    }

    /** Writes the key after {@code key} (null: the first) into {@code next}: false at the end. */
    public boolean nextKey(MemorySegment key, MemorySegment next) {
        return check("BPF_MAP_GET_NEXT_KEY", Bpf.mapGetNextKey(fd(), key, next));
    }

    private boolean check(String op, int r) {
        if (r == 0) {
            return true;
        }
        if (r == -Errno.ENOENT) {
            return false;
        }
        throw elemError(op, -r);
    }

    private SyscallException elemError(String op, int errno) {
        String what = op + " on map " + name + " (" + type.bpftoolName() + ")";
        return switch (errno) {
            case Errno.E2BIG -> new SyscallException(what, errno, "the map is full (max_entries " + maxEntries + ")");
            case Errno.EEXIST -> new SyscallException(what, errno, "the key exists and BPF_NOEXIST was given");
            case Errno.EINVAL -> new SyscallException(what, errno,
                    "bad flags, or an operation this map type does not support");
            case Errno.EPERM -> new SyscallException(what, errno, "the map is frozen or read-only for user space");
            default -> SyscallException.of(what, errno);
        };
    }

    // ------------------------------------------------------------------ byte arrays

    private MemorySegment keySeg(Arena a, byte[] key) {
        if (key == null) {
            return null;
        }
        if (key.length != keySize) {
            throw new IllegalArgumentException("map " + name + ": key of " + key.length + " bytes, expected " + keySize);
        }
        return a.allocateFrom(ValueLayout.JAVA_BYTE, key);
    }

    /** The value at {@code key}, or null. For per-CPU maps, every CPU's slot concatenated. */
    public byte[] lookup(byte[] key) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(1, valueBufferSize()), 8);
            return lookup(keySeg(a, key), v) ? v.asSlice(0, valueBufferSize()).toArray(ValueLayout.JAVA_BYTE) : null;
        }
    }

    /** Stores {@code value} under {@code key}, with BPF_ANY, BPF_NOEXIST or BPF_EXIST as {@code flags}; the byte-array form of {@link #update(MemorySegment, MemorySegment, long)}. */
    public void update(byte[] key, byte[] value, long flags) {
        try (Arena a = Arena.ofConfined()) {
            if (value.length != valueBufferSize()) {
                throw new IllegalArgumentException("map " + name + ": value of " + value.length + " bytes, expected "
                        + valueBufferSize());
            }
            update(keySeg(a, key), a.allocateFrom(ValueLayout.JAVA_BYTE, value), flags);
        }
    }

    /** Deletes the entry for {@code key}; false when there was none. */
    public boolean delete(byte[] key) {
        try (Arena a = Arena.ofConfined()) {
            return delete(keySeg(a, key));
        }
    }

    /** Per-CPU lookup: one array per possible CPU, each {@link #valueSize()} bytes, or null when absent. */
    public byte[][] lookupPerCpu(byte[] key) {
        if (!type.isPerCpu()) {
            throw new IllegalStateException("map " + name + " is not per-CPU");
        }
        byte[] all = lookup(key);
        return all == null ? null : perCpuValues(MemorySegment.ofArray(all)).stream()
                .map(v -> v.toArray(ValueLayout.JAVA_BYTE)).toArray(byte[][]::new);
    }

    /** Per-CPU update: one array per possible CPU. */
    public void updatePerCpu(byte[] key, byte[][] values, long flags) {
        int stride = (valueSize + 7) & ~7;
        if (values.length != Cpus.possibleCount()) {
            throw new IllegalArgumentException("expected " + Cpus.possibleCount() + " per-CPU values, got " + values.length);
        }
        byte[] all = new byte[stride * values.length];
        for (int c = 0; c < values.length; c++) {
            System.arraycopy(values[c], 0, all, c * stride, valueSize);
        }
        update(key, all, flags);
    }

    /** Sum of a per-CPU u64 counter (the first 8 bytes of each CPU's slot). */
    public long sumPerCpuLong(byte[] key) {
        byte[][] v = lookupPerCpu(key);
        if (v == null) {
            return 0;
        }
        long sum = 0;
        for (byte[] b : v) {
            sum += MemorySegment.ofArray(b).get(Codec.LONG_LAYOUT, 0);
        }
        return sum;
    }

    // ------------------------------------------------------------------ iteration

    /**
     * Calls {@code action} with every entry's key and value, in the kernel's order, reading many
     * entries per syscall with BPF_MAP_LOOKUP_BATCH where the kernel and the map type have it (hash
     * and array maps), else key by key (BPF_MAP_GET_NEXT_KEY, then a lookup; LPM tries). The
     * segments are read-only views of buffers reused for the next entry: copy what you keep. A
     * per-CPU value holds every CPU's slot ({@link #perCpuValues}); arrays give every index.
     *
     * <p>While programs change the map, the walk still ends and never fails on a vanished entry:
     * an entry deleted before it is read is skipped, one added meanwhile may or may not be seen.
     * Key by key, deleting the key the walk stands on sends the kernel back to the first key; keys
     * already given are then skipped, so each key is seen at most once; a walk sent back over and
     * over (or chasing keys added behind it) stops after four passes' worth of steps
     * (4 × max_entries), possibly short of some entries.
     */
    public void forEach(BiConsumer<MemorySegment, MemorySegment> action) {
        MapWalk.walk(this, action, true);
    }

    /** Calls {@code action} with every key, as {@link #forEach} does (a key-by-key walk then looks nothing up). */
    public void forEachKey(Consumer<MemorySegment> action) {
        MapWalk.walk(this, (k, v) -> action.accept(k), false);
    }

    /** Every key, copied, as {@link #forEach} walks them. */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>();
        forEachKey(k -> out.add(k.toArray(ValueLayout.JAVA_BYTE)));
        return out;
    }

    /** Every entry, key and value copied (per-CPU: every CPU's slot), as {@link #forEach} walks them. */
    public List<Map.Entry<byte[], byte[]>> entries() {
        List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
        forEach((k, v) -> out.add(Map.entry(k.toArray(ValueLayout.JAVA_BYTE), v.toArray(ValueLayout.JAVA_BYTE))));
        return out;
    }

    /**
     * A per-CPU value ({@link #valueBufferSize()} bytes, as a lookup or {@link #forEach} gives it)
     * cut into each possible CPU's {@link #valueSize()} bytes, by CPU number: views, not copies.
     */
    public List<MemorySegment> perCpuValues(MemorySegment all) {
        if (!type.isPerCpu()) {
            throw new IllegalStateException("map " + name + " is not per-CPU");
        }
        int stride = (valueSize + 7) & ~7;
        List<MemorySegment> out = new ArrayList<>(Cpus.possibleCount());
        for (int c = 0; c < Cpus.possibleCount(); c++) {
            out.add(all.asSlice((long) c * stride, valueSize));
        }
        return out;
    }

    // ------------------------------------------------------------------ keyless maps

    /** Queue/stack push (BPF_EXIST on a full map overwrites the oldest). */
    public void push(byte[] value, long flags) {
        try (Arena a = Arena.ofConfined()) {
            update(null, a.allocateFrom(ValueLayout.JAVA_BYTE, value), flags);
        }
    }

    /** Queue/stack pop, or null when empty. */
    public byte[] pop() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(valueSize, 8);
            int r = Bpf.mapLookupAndDelete(fd(), null, v, 0);
            return check("BPF_MAP_LOOKUP_AND_DELETE_ELEM", r) ? v.toArray(ValueLayout.JAVA_BYTE) : null;
        }
    }

    /** Queue/stack peek, or null when empty. */
    public byte[] peek() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(valueSize, 8);
            return lookup(null, v) ? v.toArray(ValueLayout.JAVA_BYTE) : null;
        }
    }

    /** Bloom filter membership: true if the value may be in the set. */
    public boolean mayContain(byte[] value) {
        try (Arena a = Arena.ofConfined()) {
            return lookup(null, a.allocateFrom(ValueLayout.JAVA_BYTE, value));
        }
    }

    /** Removes and returns the value at {@code key} (hash maps, 5.14+), or null. */
    public byte[] lookupAndDelete(byte[] key) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(1, valueBufferSize()), 8);
            int r = Bpf.mapLookupAndDelete(fd(), keySeg(a, key), v, 0);
            return check("BPF_MAP_LOOKUP_AND_DELETE_ELEM", r) ? v.asSlice(0, valueBufferSize()).toArray(ValueLayout.JAVA_BYTE) : null;
        }
    }

    // ------------------------------------------------------------------ batch operations

    /** A batch of entries: keys and values laid out back to back. */
    public record Batch(List<byte[]> keys, List<byte[]> values) {
    }

    /**
     * Reads every entry with BPF_MAP_LOOKUP_BATCH, {@code chunk} entries per call (or deletes them
     * too when {@code delete}). Throws {@link UnsupportedFeatureException} when the map type has no batch ops.
     */
    public Batch lookupBatch(int chunk, boolean delete) {
        int cmd = delete ? Bpf.MAP_LOOKUP_AND_DELETE_BATCH : Bpf.MAP_LOOKUP_BATCH;
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        if (!MapWalk.batch(this, cmd, chunk, (k, v) -> {
            keys.add(k.toArray(ValueLayout.JAVA_BYTE));
            values.add(v.toArray(ValueLayout.JAVA_BYTE));
        })) {
            throw batchError(Bpf.commandName(cmd), Errno.ENOTSUPP);
        }
        return new Batch(keys, values);
    }

    /** Writes many entries with one BPF_MAP_UPDATE_BATCH; returns how many the kernel wrote. */
    public int updateBatch(List<byte[]> keys, List<byte[]> values, long elemFlags) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException("keys and values differ in number");
        }
        long vsize = valueBufferSize();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ks = a.allocate(Math.max(1, (long) keySize * keys.size()), 8);
            MemorySegment vs = a.allocate(Math.max(1, vsize * keys.size()), 8);
            for (int i = 0; i < keys.size(); i++) {
                MemorySegment.copy(keys.get(i), 0, ks, ValueLayout.JAVA_BYTE, (long) i * keySize, keySize);
                MemorySegment.copy(values.get(i), 0, vs, ValueLayout.JAVA_BYTE, i * vsize, (int) vsize);
            }
            int[] count = new int[1];
            int r = Bpf.batch(Bpf.MAP_UPDATE_BATCH, fd(), null, null, ks, vs, keys.size(), elemFlags, count);
            if (r < 0) {
                throw batchError("BPF_MAP_UPDATE_BATCH", -r);
            }
            return count[0];
        }
    }

    /** Deletes many keys with one BPF_MAP_DELETE_BATCH; returns how many the kernel deleted. */
    public int deleteBatch(List<byte[]> keys) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ks = a.allocate(Math.max(1, (long) keySize * keys.size()), 8);
            for (int i = 0; i < keys.size(); i++) {
                MemorySegment.copy(keys.get(i), 0, ks, ValueLayout.JAVA_BYTE, (long) i * keySize, keySize);
            }
            int[] count = new int[1];
            int r = Bpf.batch(Bpf.MAP_DELETE_BATCH, fd(), null, null, ks, null, keys.size(), 0, count);
            if (r < 0 && r != -Errno.ENOENT) {
                throw batchError("BPF_MAP_DELETE_BATCH", -r);
            }
            return count[0];
        }
    }

    SyscallException batchError(String op, int errno) {
        if (MapWalk.refused(errno)) {
            return new UnsupportedFeatureException(op + " on map " + name, errno,
                    "this map type (" + type.bpftoolName() + ") or kernel has no batch operations; iterate with forEach()", null);
        }
        return elemError(op, errno);
    }

    // ------------------------------------------------------------------ typed view

    /** A typed view of this map through codecs. */
    public <K, V> TypedMap<K, V> typed(Codec<K> keyCodec, Codec<V> valueCodec) {
        if (keyCodec.size() != keySize || valueCodec.size() != valueSize) {
            throw new IllegalArgumentException("map " + name + " has key " + keySize + " and value " + valueSize
                    + " bytes; codecs give " + keyCodec.size() + " and " + valueCodec.size());
        }
        return new TypedMap<>(this, keyCodec, valueCodec);
    }

    // ------------------------------------------------------------------ lifetime

    /** Makes the map read-only for user space (BPF_MAP_FREEZE). */
    public void freeze() {
        int r = Bpf.mapFreeze(fd());
        if (r < 0) {
            throw SyscallException.of("BPF_MAP_FREEZE " + name, -r);
        }
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + " " + type.bpftoolName() + " key=" + keySize + " value=" + valueSize + " max="
                + maxEntries + " " + fdState() + "]";
    }
}
