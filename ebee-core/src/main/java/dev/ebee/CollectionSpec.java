package dev.ebee;

import dev.ebee.btf.Btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The maps, programs and global variables of an object, before anything exists in the kernel.
 * Editable before {@link #load()}: constants ({@code const volatile} in .rodata) and initial
 * values of globals, map sizes, which programs load.
 */
public final class CollectionSpec {
    private final String objectName;
    private final Map<String, MapSpec> maps;
    private final Map<String, ProgramSpec> programs;
    private final Map<String, Variable> variables;
    private final List<Extern> kconfig;
    private final int kconfigSize;
    private final Btf btf;
    private final String license;
    private final Map<String, StructOps> structOps;

    /**
     * A global variable of a data section.
     *
     * @param name      its C name
     * @param section   its section (.rodata, .data, .bss, ...), which is also the name of its map
     * @param offset    byte offset in the section
     * @param size      bytes
     * @param constant  whether it lives in read-only data (a {@code const volatile} setting)
     * @param btfTypeId its type in the object's BTF, or 0
     * @param global    whether C gave it external linkage: false for a {@code static} variable (a
     *                  function's {@code static} locals included), which, as in libbpf skeletons,
     *                  is the program's own business rather than a setting for user space
     */
    public record Variable(String name, String section, int offset, int size, boolean constant, int btfTypeId,
                           boolean global) {
    }

    /** A {@code .kconfig} extern: its offset in the .kconfig map, size and BTF type. */
    public record Extern(String name, int offset, int size, int btfTypeId, boolean weak) {
    }

    /**
     * A struct_ops map: a C struct of a kernel type ({@code struct tcp_congestion_ops}) in section
     * {@code .struct_ops} or {@code .struct_ops.link}, whose function pointers name programs. Its
     * map (of the same name) is created against the kernel's type at load; attaching it registers
     * the struct with the kernel.
     *
     * @param map       the variable's name, which is its map's
     * @param section   {@code .struct_ops} or {@code .struct_ops.link}
     * @param btfTypeId the struct's type in the object's BTF
     * @param data      the variable's bytes as compiled (the members that are not programs)
     * @param programs  program name by member name, for the function pointers that name one
     */
    public record StructOps(String map, String section, int btfTypeId, byte[] data, Map<String, String> programs) {
        public StructOps {
            data = data.clone();
            programs = Collections.unmodifiableMap(new LinkedHashMap<>(programs));
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    CollectionSpec(String objectName, Map<String, MapSpec> maps, Map<String, ProgramSpec> programs,
                   Map<String, Variable> variables, List<Extern> kconfig, int kconfigSize, Btf btf, String license) {
        this(objectName, maps, programs, variables, kconfig, kconfigSize, btf, license, Map.of());
    }

    CollectionSpec(String objectName, Map<String, MapSpec> maps, Map<String, ProgramSpec> programs,
                   Map<String, Variable> variables, List<Extern> kconfig, int kconfigSize, Btf btf, String license,
                   Map<String, StructOps> structOps) {
        this.structOps = new LinkedHashMap<>(structOps);
        this.objectName = objectName;
        this.maps = new LinkedHashMap<>(maps);
        this.programs = new LinkedHashMap<>(programs);
        this.variables = new LinkedHashMap<>(variables);
        this.kconfig = List.copyOf(kconfig);
        this.kconfigSize = kconfigSize;
        this.btf = btf;
        this.license = license;
    }

    /** A spec assembled in code (no object file): maps and programs as given. */
    public static CollectionSpec of(String name, List<MapSpec> maps, List<ProgramSpec> programs) {
        Map<String, MapSpec> m = new LinkedHashMap<>();
        maps.forEach(x -> m.put(x.name(), x));
        Map<String, ProgramSpec> p = new LinkedHashMap<>();
        programs.forEach(x -> p.put(x.name(), x));
        return new CollectionSpec(name, m, p, Map.of(), List.of(), 0, null, "GPL");
    }

    public String objectName() {
        return objectName;
    }

    /** Maps by name (data sections are maps named after their section: ".rodata", ".bss", ...). */
    public Map<String, MapSpec> maps() {
        return Collections.unmodifiableMap(maps);
    }

    public Map<String, ProgramSpec> programs() {
        return Collections.unmodifiableMap(programs);
    }

    /** Global variables by name. */
    public Map<String, Variable> variables() {
        return Collections.unmodifiableMap(variables);
    }

    public List<Extern> kconfigExterns() {
        return kconfig;
    }

    int kconfigSize() {
        return kconfigSize;
    }

    /** The struct_ops maps by name (each is also in {@link #maps()}, of type STRUCT_OPS). */
    public Map<String, StructOps> structOps() {
        return Collections.unmodifiableMap(structOps);
    }

    /** The object's BTF, or null when it has none. */
    public Btf btf() {
        return btf;
    }

    public String license() {
        return license;
    }

    public MapSpec map(String name) {
        return Named.require(maps, objectName, "map", "maps", name);
    }

    public ProgramSpec program(String name) {
        return Named.require(programs, objectName, "program", "programs", name);
    }

    /** Replaces a map's spec (for edits the {@code with...} methods of {@link MapSpec} make). */
    public CollectionSpec putMap(MapSpec spec) {
        map(spec.name());
        maps.put(spec.name(), spec);
        return this;
    }

    /** Changes a map's capacity before load. */
    public CollectionSpec resizeMap(String name, int maxEntries) {
        return putMap(map(name).withMaxEntries(maxEntries));
    }

    /** Whether a program is loaded with the collection (all are, by default). */
    public CollectionSpec setAutoload(String program, boolean load) {
        programs.put(program, program(program).withAutoload(load));
        return this;
    }

    /** Replaces a program's spec. */
    public CollectionSpec putProgram(ProgramSpec spec) {
        program(spec.name());
        programs.put(spec.name(), spec);
        return this;
    }

    // ------------------------------------------------------------------ variables

    public Variable variable(String name) {
        return Named.require(variables, objectName, "global variable", "global variables", name);
    }

    /**
     * Sets a global variable's initial value: a {@code const volatile} setting in .rodata, or the
     * start value of a .data/.bss variable. Integers are written in the machine's byte order and
     * must fit the variable's size; booleans are one byte; strings fill char arrays.
     */
    public CollectionSpec set(String name, Object value) {
        Variable v = variable(name);
        byte[] bytes = encode(v, value);
        MapSpec m = map(v.section());
        MapSpec.Entry e = m.contents().getFirst();
        byte[] data = e.value().clone();
        System.arraycopy(bytes, 0, data, v.offset(), bytes.length);
        maps.put(m.name(), m.withContents(List.of(new MapSpec.Entry(e.key(), data, null)), m.freeze()));
        return this;
    }

    /** Sets a {@code const volatile} setting; same as {@link #set} but refuses non-constants. */
    public CollectionSpec setConstant(String name, Object value) {
        if (!variable(name).constant()) {
            throw new EbeeException(name + " is not a constant (it lives in " + variable(name).section() + ")",
                    "declare it const volatile, or use set()");
        }
        return set(name, value);
    }

    /** The current initial bytes of a global variable. */
    public byte[] get(String name) {
        Variable v = variable(name);
        byte[] data = map(v.section()).contents().getFirst().value();
        return java.util.Arrays.copyOfRange(data, v.offset(), v.offset() + v.size());
    }

    private static byte[] encode(Variable v, Object value) {
        ByteBuffer b = ByteBuffer.allocate(v.size()).order(ByteOrder.nativeOrder());
        String what = "variable " + v.name() + " (" + v.size() + " bytes)";
        // an instanceof chain, not a pattern switch: this runs before every tool's load
        if (value instanceof Boolean x) {
            if (v.size() < 1) {
                throw new EbeeException(what + " cannot hold a boolean");
            }
            b.put((byte) (x ? 1 : 0));
        } else if (value instanceof Number n && !(n instanceof Double || n instanceof Float)) {
            long x = n.longValue();
            switch (v.size()) {
                case 1 -> checkRange(what, x, 8, b.put((byte) x));
                case 2 -> checkRange(what, x, 16, b.putShort((short) x));
                case 4 -> checkRange(what, x, 32, b.putInt((int) x));
                case 8 -> b.putLong(x);
                default -> throw new EbeeException(what + " is not an integer");
            }
        } else if (value instanceof String s) {
            byte[] sb = s.getBytes(StandardCharsets.UTF_8);
            if (sb.length >= v.size()) {
                throw new EbeeException(what + " cannot hold \"" + s + "\" (" + sb.length + " bytes and a NUL)");
            }
            b.put(sb);
        } else if (value instanceof byte[] raw) {
            if (raw.length != v.size()) {
                throw new EbeeException(what + ": got " + raw.length + " bytes");
            }
            b.put(raw);
        } else {
            throw new EbeeException("cannot set " + what + " from a " + value.getClass().getSimpleName());
        }
        return b.array();
    }

    private static void checkRange(String what, long x, int bits, Object ignored) {
        long min = -(1L << (bits - 1)), max = (1L << bits) - 1;
        if (x < min || x > max) {
            throw new EbeeException(what + " cannot hold " + x);
        }
    }

    // ------------------------------------------------------------------ load

    /** Creates the maps, applies relocations (CO-RE against the running kernel) and loads the programs. */
    public Collection load() {
        return load(Collection.Options.DEFAULT);
    }

    public Collection load(Collection.Options options) {
        return CollectionLoader.load(this, Objects.requireNonNull(options));
    }

    @Override
    public String toString() {
        return "CollectionSpec[" + objectName + ": " + programs.size() + " programs, " + maps.size() + " maps]";
    }
}
