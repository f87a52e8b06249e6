package dev.ebee.bpf2java;

import java.util.List;
import java.util.Set;

import static dev.ebee.bpf2java.JavaTypes.boxed;
import static dev.ebee.bpf2java.JavaTypes.isPrimitive;
import static dev.ebee.bpf2java.SourceWriter.esc;

/**
 * Writes the typed wrapper of a map whose key and value types the object's BTF names (an event
 * map's, whose records have a known type, is {@link EventReaderWriter}'s): lookup,
 * update, delete, keys, entries and forEach in the Java types of key and value instead of raw
 * segments, per-CPU values as a list, and, for counters (scalar to scalar), a lookup that
 * allocates nothing.
 */
final class MapWriter {
    /** The {@code BPF_MAP_TYPE_*} names, by number, for documentation. */
    private static final List<String> MAP_TYPES = List.of("UNSPEC", "HASH", "ARRAY", "PROG_ARRAY", "PERF_EVENT_ARRAY",
            "PERCPU_HASH", "PERCPU_ARRAY", "STACK_TRACE", "CGROUP_ARRAY", "LRU_HASH", "LRU_PERCPU_HASH", "LPM_TRIE",
            "ARRAY_OF_MAPS", "HASH_OF_MAPS", "DEVMAP", "SOCKMAP", "CPUMAP", "XSKMAP", "SOCKHASH", "CGROUP_STORAGE",
            "REUSEPORT_SOCKARRAY", "PERCPU_CGROUP_STORAGE", "QUEUE", "STACK", "SK_STORAGE", "DEVMAP_HASH",
            "STRUCT_OPS", "RINGBUF", "INODE_STORAGE", "TASK_STORAGE", "BLOOM_FILTER", "USER_RINGBUF",
            "CGRP_STORAGE", "ARENA");

    /** Map types whose key and value a user space program can look up, update and delete. */
    private static final Set<Integer> TYPED_MAP_TYPES = Set.of(1, 2, 9, 11, 5, 6, 10);

    /** Per-CPU map types: a lookup returns one value per possible CPU. */
    private static final Set<Integer> PER_CPU_MAP_TYPES = Set.of(5, 6, 10);

    private static final int ARRAY = 2, PERCPU_ARRAY = 6, RINGBUF = 27;

    private final JavaTypes types;
    private final ValueCode values;

    MapWriter(JavaTypes types, ValueCode values) {
        this.types = types;
        this.values = values;
    }

    /** Whether {@code m} gets a typed wrapper. */
    static boolean isTyped(BpfObjectModel.MapDef m) {
        return TYPED_MAP_TYPES.contains(m.type()) && m.key() != null && m.value() != null
                || m.isEventMap() && m.event() != null;
    }

    /** {@code m} in a few words for documentation: type, key, value, capacity. */
    static String describe(BpfObjectModel.MapDef m) {
        String type = m.type() >= 0 && m.type() < MAP_TYPES.size() ? MAP_TYPES.get(m.type()) : "type " + m.type();
        StringBuilder sb = new StringBuilder(type);
        if (m.key() != null) {
            sb.append(", key {@code ").append(esc(m.key().cName())).append('}');
        } else if (m.keySize() > 0) {
            sb.append(", key ").append(m.keySize()).append(" bytes");
        }
        if (m.value() != null) {
            sb.append(", value {@code ").append(esc(m.value().cName())).append('}');
        } else if (m.valueSize() > 0) {
            sb.append(", value ").append(m.valueSize()).append(" bytes");
        }
        if (m.maxEntries() > 0) {
            sb.append(", ").append(m.maxEntries()).append(m.type() == RINGBUF ? " bytes" : m.maxEntries() == 1 ? " entry" : " entries");
        }
        return sb.toString();
    }

    /** The wrapper class {@code cls} of the typed map {@code m}. */
    void write(SourceWriter w, BpfObjectModel.MapDef m, String cls) {
        if (m.isEventMap()) {
            new EventReaderWriter(types).write(w, m, cls);
            return;
        }
        String k = types.javaType(m.key());
        String v = types.javaType(m.value());
        w.doc("The map {@code " + m.name() + "} with typed keys and values: " + describe(m) + ".");
        boolean perCpu = PER_CPU_MAP_TYPES.contains(m.type());
        // scalar to scalar (counters): a lookup that allocates nothing, in buffers of the wrapper
        boolean buffered = !perCpu && isPrimitive(k) && isPrimitive(v);
        w.line("public static final class " + cls + " {");
        w.line("private final BpfMap map;");
        if (buffered) {
            w.line("private final MemorySegment keyBuffer;");
            w.line("private final MemorySegment valueBuffer;");
        }
        w.blank();
        w.line(cls + "(BpfMap map) {");
        w.line("this.map = map;");
        if (buffered) {
            w.line("Arena arena = Arena.ofAuto();");
            w.line("this.keyBuffer = arena.allocate(" + m.key().byteSize() + ", 8);");
            w.line("this.valueBuffer = arena.allocate(" + m.value().byteSize() + ", 8);");
        }
        w.line("}");
        w.blank();
        w.method("The untyped map.", "public BpfMap raw()", "return map;");
        if (perCpu) {
            perCpuLookup(w, m, k, v);
            if (m.type() != PERCPU_ARRAY) {
                delete(w, m, k);
            }
        } else {
            lookupAndUpdate(w, m, k, v, buffered);
            if (m.type() != ARRAY) {
                delete(w, m, k);
            }
        }
        iteration(w, m, k, perCpu ? "List<" + boxed(v) + ">" : v, perCpu);
        decoders(w, m, k, v, perCpu);
        w.line("}");
    }

    private void lookupAndUpdate(SourceWriter w, BpfObjectModel.MapDef m, String k, String v, boolean buffered) {
        if (buffered) {
            w.blank();
            w.doc("The value stored under {@code key}, or {@code missing}: {@link #lookup} without allocating (in",
                    "buffers of this wrapper, under its lock), for a counter read in a loop.");
            w.line("public synchronized " + v + " lookupOrDefault(" + k + " key, " + v + " missing) {");
            values.encode(w, m.key(), "keyBuffer", "0", "key", 0);
            w.line("return map.lookup(keyBuffer, valueBuffer) ? decodeValue(valueBuffer) : missing;");
            w.line("}");
        }
        w.blank();
        w.doc("The value stored under {@code key}, or empty.");
        w.line("public Optional<" + boxed(v) + "> lookup(" + k + " key) {");
        checkKey(w, m, k);
        w.line("try (Arena arena = Arena.ofConfined()) {");
        keySegment(w, m);
        w.line("MemorySegment v = arena.allocate(" + m.value().byteSize() + ", 8);");
        w.line("return map.lookup(k, v) ? Optional.of(decodeValue(v)) : Optional.empty();");
        w.line("}");
        w.line("}");
        w.blank();
        w.doc("Stores {@code value} under {@code key}, creating or replacing the entry.");
        w.line("public void update(" + k + " key, " + v + " value) {");
        values.requireValid(w, m.value(), v, "value", "value");
        checkKey(w, m, k);
        w.line("try (Arena arena = Arena.ofConfined()) {");
        keySegment(w, m);
        w.line("MemorySegment v = arena.allocate(" + m.value().byteSize() + ", 8);");
        values.encode(w, m.value(), "v", "0", "value", 0);
        w.line("map.update(k, v, 0);");
        w.line("}");
        w.line("}");
    }

    private void perCpuLookup(SourceWriter w, BpfObjectModel.MapDef m, String k, String v) {
        w.blank();
        w.doc("Each possible CPU's value stored under {@code key}, by CPU number; empty when there is no entry.");
        w.line("public List<" + boxed(v) + "> lookup(" + k + " key) {");
        checkKey(w, m, k);
        w.line("byte[] keyBytes = new byte[" + m.key().byteSize() + "];");
        w.line("MemorySegment k = MemorySegment.ofArray(keyBytes);");
        values.encode(w, m.key(), "k", "0", "key", 0);
        w.line("byte[] all = map.lookup(keyBytes);");
        w.line("return all == null ? List.of() : decodeValue(MemorySegment.ofArray(all));");
        w.line("}");
    }

    /**
     * {@code keys()}, {@code entries()} and {@code forEach}: core's walk ({@code BpfMap.forEach},
     * batched where the kernel can), each entry decoded; {@code value} is the Java type of one
     * entry's value, a list for per-CPU maps.
     */
    private void iteration(SourceWriter w, BpfObjectModel.MapDef m, String k, String value, boolean perCpu) {
        String how = (m.type() == ARRAY || m.type() == PERCPU_ARRAY ? "at every index, " : "")
                + "as {@link BpfMap#forEach} walks the map: to its end, each key at most once, while programs change it.";
        w.blank();
        w.doc("Every key, " + how);
        collecting(w, "keys", boxed(k), "map.forEachKey(k -> out.add(decodeKey(k)));");
        w.blank();
        w.doc("Every entry" + (perCpu ? " (each possible CPU's value, by CPU number)" : "") + ", " + how);
        collecting(w, "entries", "Map.Entry<" + boxed(k) + ", " + boxed(value) + ">",
                "forEach((key, value) -> out.add(Map.entry(key, value)));");
        w.blank();
        w.doc("Calls {@code action} with every key and value" + (perCpu ? " (by CPU number)" : "") + ", " + how);
        w.line("public void forEach(BiConsumer<? super " + boxed(k) + ", ? super " + boxed(value) + "> action) {");
        w.line("map.forEach((k, v) -> action.accept(decodeKey(k), decodeValue(v)));");
        w.line("}");
    }

    /** A method {@code name()} returning a {@code List<element>} that {@code fill} adds to {@code out}. */
    private static void collecting(SourceWriter w, String name, String element, String fill) {
        w.line("public List<" + element + "> " + name + "() {");
        w.line("List<" + element + "> out = new ArrayList<>();");
        w.line(fill);
        w.line("return out;");
        w.line("}");
    }

    /** The key and value decoders every read shares; a per-CPU value is cut into its CPUs' values. */
    private void decoders(SourceWriter w, BpfObjectModel.MapDef m, String k, String v, boolean perCpu) {
        w.blank();
        w.line("private static " + k + " decodeKey(MemorySegment k) {");
        values.returnDecoded(w, m.key(), k, "k", "0");
        w.line("}");
        w.blank();
        if (perCpu) {
            w.line("private List<" + boxed(v) + "> decodeValue(MemorySegment all) {");
            w.line("List<" + boxed(v) + "> out = new ArrayList<>();");
            w.line("for (MemorySegment v : map.perCpuValues(all)) {");
            w.line(v + " value;");
            values.decode(w, m.value(), "v", "0", "value", 1);
            w.line("out.add(value);");
            w.line("}");
            w.line("return out;");
        } else {
            w.line("private static " + v + " decodeValue(MemorySegment v) {");
            values.returnDecoded(w, m.value(), v, "v", "0");
        }
        w.line("}");
    }

    /** {@code delete(key)}: for every map type but arrays, whose entries always exist. */
    private void delete(SourceWriter w, BpfObjectModel.MapDef m, String k) {
        w.blank();
        w.doc("Removes the entry for {@code key}; false when there was none.");
        w.line("public boolean delete(" + k + " key) {");
        checkKey(w, m, k);
        w.line("try (Arena arena = Arena.ofConfined()) {");
        keySegment(w, m);
        w.line("return map.delete(k);");
        w.line("}");
        w.line("}");
    }

    private void checkKey(SourceWriter w, BpfObjectModel.MapDef m, String k) {
        values.requireValid(w, m.key(), k, "key", "key");
    }

    private void keySegment(SourceWriter w, BpfObjectModel.MapDef m) {
        w.line("MemorySegment k = arena.allocate(" + m.key().byteSize() + ", 8);");
        values.encode(w, m.key(), "k", "0", "key", 0);
    }
}
