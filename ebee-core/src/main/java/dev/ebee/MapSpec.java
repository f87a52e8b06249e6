package dev.ebee;

import java.util.List;
import java.util.Objects;

/**
 * A map as described before it exists: plain data, no kernel involved. The {@code with...} methods
 * return edited copies (map sizes and flags are changeable before load).
 *
 * @param name        the map's name (the kernel keeps the first 15 bytes)
 * @param type        the map type
 * @param keySize     bytes of a key (0 for queue, stack, bloom filter, ring buffer)
 * @param valueSize   bytes of a value (per CPU for per-CPU maps)
 * @param maxEntries  capacity; for ring buffers the size in bytes
 * @param flags       BPF_F_* map flags
 * @param innerMap    the template of inner maps, for map-of-maps; else null
 * @param pinning     how the loader pins it
 * @param numaNode    NUMA node when flags has BPF_F_NUMA_NODE
 * @param mapExtra    map_extra (bloom filter hashes)
 * @param btfKeyTypeId   key type in the object's BTF (0 when none)
 * @param btfValueTypeId value type in the object's BTF (0 when none)
 * @param contents    initial contents written after creation (for .data/.rodata, prog arrays, ...)
 * @param freeze      freeze after initial contents (for .rodata)
 * @param eventTypeId for a ring buffer or perf event array, the struct or union its definition
 *                    declares with {@code __type(value, struct event)} (as cilium/ebpf's examples do),
 *                    in the object's BTF; 0 when none. The declaration names what the programs send
 *                    through the map, not the map's value: the kernel fixes an event map's key and
 *                    value sizes, so {@code keySize}, {@code valueSize} and the BTF key/value ids
 *                    are those the kernel accepts, and this id is the only trace of the declared type.
 */
public record MapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                      MapSpec innerMap, Pinning pinning, int numaNode, long mapExtra, int btfKeyTypeId,
                      int btfValueTypeId, List<Entry> contents, boolean freeze, int eventTypeId) {

    /** BPF_F_* flags of BPF_MAP_CREATE. */
    public static final int F_NO_PREALLOC = 1, F_NO_COMMON_LRU = 2, F_NUMA_NODE = 4, F_RDONLY = 8, F_WRONLY = 16,
            F_RDONLY_PROG = 1 << 7, F_WRONLY_PROG = 1 << 8, F_MMAPABLE = 1 << 10, F_INNER_MAP = 1 << 12,
            /** a struct_ops map registered by a bpf_link (BPF_LINK_CREATE), not by its update */
            F_LINK = 1 << 13;

    /** Where the map lives, from the {@code pinning} attribute of its definition (libbpf's LIBBPF_PIN_*). */
    public enum Pinning {
        /** Not pinned: the map lives as long as the collection. */
        NONE,
        /** Pinned under its name in the pin directory, and reused from there when it is already pinned. */
        BY_NAME
    }

    /** An initial entry: raw key and value bytes, or (for prog arrays and map-of-maps) a name to resolve at load. */
    public record Entry(byte[] key, byte[] value, String reference) {
        public Entry {
            Objects.requireNonNull(key);
        }
    }

    public MapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        pinning = pinning == null ? Pinning.NONE : pinning;
        contents = contents == null ? List.of() : List.copyOf(contents);
    }

    /** A spec with just the essentials. */
    public static MapSpec of(String name, MapType type, int keySize, int valueSize, int maxEntries) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, 0, null, Pinning.NONE, 0, 0, 0, 0, List.of(),
                false, 0);
    }

    public MapSpec withMaxEntries(int n) {
        return new MapSpec(name, type, keySize, valueSize, n, flags, innerMap, pinning, numaNode, mapExtra,
                btfKeyTypeId, btfValueTypeId, contents, freeze, eventTypeId);
    }

    public MapSpec withFlags(int f) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, f, innerMap, pinning, numaNode, mapExtra,
                btfKeyTypeId, btfValueTypeId, contents, freeze, eventTypeId);
    }

    public MapSpec withInnerMap(MapSpec inner) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, inner, pinning, numaNode, mapExtra,
                btfKeyTypeId, btfValueTypeId, contents, freeze, eventTypeId);
    }

    public MapSpec withContents(List<Entry> c, boolean freezeAfter) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinning, numaNode, mapExtra,
                btfKeyTypeId, btfValueTypeId, c, freezeAfter, eventTypeId);
    }

    public MapSpec withBtfTypes(int keyTypeId, int valueTypeId) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinning, numaNode, mapExtra,
                keyTypeId, valueTypeId, contents, freeze, eventTypeId);
    }

    public MapSpec withPinning(Pinning p) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, p, numaNode, mapExtra,
                btfKeyTypeId, btfValueTypeId, contents, freeze, eventTypeId);
    }

    public MapSpec withMapExtra(long extra) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, innerMap, pinning, numaNode, extra,
                btfKeyTypeId, btfValueTypeId, contents, freeze, eventTypeId);
    }

    public MapSpec withName(String n) {
        return new MapSpec(n, type, keySize, valueSize, maxEntries, flags, innerMap, pinning, numaNode, mapExtra,
                btfKeyTypeId, btfValueTypeId, contents, freeze, eventTypeId);
    }
}
