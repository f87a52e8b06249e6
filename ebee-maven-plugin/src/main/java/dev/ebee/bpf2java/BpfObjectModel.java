package dev.ebee.bpf2java;

import java.util.List;

/**
 * What bpf2java needs to know about one BPF object: its programs, maps, settable constants and the
 * struct types it exchanges with user space. Built from ebee-core's {@code CollectionSpec} of the
 * object by {@link ModelBuilder}; consumed by {@link JavaGenerator}.
 *
 * @param sourceName the file the object was built from (for the generated header)
 * @param programs   programs in section order
 * @param maps       maps declared in {@code .maps}, in declaration order
 * @param constants  {@code const volatile} globals in {@code .rodata}, settable before load
 * @param globals    other globals ({@code .data}, {@code .bss}), readable and writable after load
 * @param events     struct types exchanged through ring buffers or perf event arrays
 * @param warnings   what the reader left out, and why (for the build log)
 */
public record BpfObjectModel(String sourceName, List<Program> programs, List<MapDef> maps, List<Variable> constants,
        List<Variable> globals, List<CType.Struct> events, List<String> warnings) {
    public BpfObjectModel {
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
        constants = List.copyOf(constants);
        globals = List.copyOf(globals);
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }

    /** A model without {@code .data}/{@code .bss} globals. */
    public BpfObjectModel(String sourceName, List<Program> programs, List<MapDef> maps, List<Variable> constants,
            List<CType.Struct> events) {
        this(sourceName, programs, maps, constants, List.of(), events, List.of());
    }

    /** A program: its function name and ELF section (which says how {@code attachAll} attaches it). */
    public record Program(String name, String section) {
    }

    /**
     * A BTF-defined map.
     *
     * @param type       the numeric {@code BPF_MAP_TYPE_*}, 0 when absent
     * @param key        the key type from {@code __type(key, ...)}, null when only a size or none was given
     * @param value      the value type from {@code __type(value, ...)}, null likewise
     * @param maxEntries {@code max_entries}, 0 when absent
     * @param event      for a ring buffer or perf event array, the struct its records hold, null when unknown
     */
    public record MapDef(String name, int type, CType key, CType value, long keySize, long valueSize, long maxEntries,
            CType.Struct event) {
        /** {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} and {@code BPF_MAP_TYPE_RINGBUF}. */
        static final int PERF_EVENT_ARRAY = 4, RINGBUF = 27;

        /** A map without a known event type. */
        public MapDef(String name, int type, CType key, CType value, long keySize, long valueSize, long maxEntries) {
            this(name, type, key, value, keySize, valueSize, maxEntries, null);
        }

        /** Whether programs send events through this map: a ring buffer or a perf event array. */
        public boolean isEventMap() {
            return type == PERF_EVENT_ARRAY || type == RINGBUF;
        }

        /** This map with its event type. */
        MapDef withEvent(CType.Struct s) {
            return new MapDef(name, type, key, value, keySize, valueSize, maxEntries, s);
        }
    }

    /** A global variable: its name, section, offset in that section, and type. */
    public record Variable(String name, String section, long offset, CType type) {
    }
}
