package dev.ebee;

/** BPF map types, with the kernel's numbers (enum bpf_map_type). */
public enum MapType {
    UNSPEC(0), HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4), PERCPU_HASH(5), PERCPU_ARRAY(6),
    STACK_TRACE(7), CGROUP_ARRAY(8), LRU_HASH(9), LRU_PERCPU_HASH(10), LPM_TRIE(11), ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13), DEVMAP(14), SOCKMAP(15), CPUMAP(16), XSKMAP(17), SOCKHASH(18), CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20), PERCPU_CGROUP_STORAGE(21), QUEUE(22), STACK(23), SK_STORAGE(24),
    DEVMAP_HASH(25), STRUCT_OPS(26), RINGBUF(27), INODE_STORAGE(28), TASK_STORAGE(29), BLOOM_FILTER(30),
    USER_RINGBUF(31), CGRP_STORAGE(32), ARENA(33);

    private static final MapType[] BY_ID = values();

    private final int id;

    MapType(int id) {
        this.id = id;
    }

    /** The kernel's number. */
    public int id() {
        return id;
    }

    public static MapType of(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new EbeeException("unknown map type " + id, "the object may need a newer ebee");
        }
        return BY_ID[id];
    }

    /** Values are per CPU: one slot (rounded up to 8 bytes) for each possible CPU. */
    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH || this == PERCPU_CGROUP_STORAGE;
    }

    /** Maps whose values are other maps. */
    public boolean isMapOfMaps() {
        return this == ARRAY_OF_MAPS || this == HASH_OF_MAPS;
    }

    /** Maps without keys (queue, stack, bloom filter). */
    public boolean isKeyless() {
        return this == QUEUE || this == STACK || this == BLOOM_FILTER;
    }

    /** Maps indexed 0..max_entries-1 that cannot delete. */
    public boolean isArray() {
        return this == ARRAY || this == PERCPU_ARRAY || this == PROG_ARRAY || this == PERF_EVENT_ARRAY
                || this == ARRAY_OF_MAPS || this == CGROUP_ARRAY;
    }

    /** The name used by bpftool, lower case. */
    public String bpftoolName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
