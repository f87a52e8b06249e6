package dev.ebee.bpf2java;

import java.util.List;
import java.util.Map;

/**
 * Writes the Java binding for one BPF object: a final class named after the source file with
 * <ul>
 *   <li>a {@code Spec} stage: typed setters for {@code const volatile} globals, map sizes, which
 *       programs load; </li>
 *   <li>the loaded stage: an accessor per program and map, {@code attachAll()}, {@code close()};</li>
 *   <li>a record per struct or union used as a map key or value, an event, or a constant, with a
 *       decoder from and an encoder to a {@code MemorySegment} at explicit little-endian offsets
 *       (no reflection); a Java enum per C enum.</li>
 * </ul>
 *
 * <p>Type mapping, chosen so that every value reads as the number C means:
 * <table>
 * <caption>C types and the Java types they map to</caption>
 *   <tr><th>C</th><th>Java</th></tr>
 *   <tr><td>{@code _Bool}</td><td>{@code boolean}</td></tr>
 *   <tr><td>{@code char}, {@code signed char}, {@code __s8}</td><td>{@code byte}</td></tr>
 *   <tr><td>{@code __u8}, {@code __u16}</td><td>{@code int} (zero-extended)</td></tr>
 *   <tr><td>{@code __s16}</td><td>{@code short}</td></tr>
 *   <tr><td>{@code __s32}, {@code int}</td><td>{@code int}</td></tr>
 *   <tr><td>{@code __u32}</td><td>{@code long} (zero-extended; the encoder writes the low 32 bits)</td></tr>
 *   <tr><td>{@code __s64}, {@code __u64}</td><td>{@code long} ({@code __u64} as its two's-complement bits:
 *       use {@code Long.toUnsignedString})</td></tr>
 *   <tr><td>{@code float}, {@code double}</td><td>{@code float}, {@code double}</td></tr>
 *   <tr><td>pointer</td><td>{@code long} (the address)</td></tr>
 *   <tr><td>{@code char[N]}</td><td>{@code String} (up to the first NUL, UTF-8; encoded truncated to N bytes)</td></tr>
 *   <tr><td>{@code __u8[N]}, {@code __s8[N]}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>other {@code T[N]}</td><td>Java array of T's mapping</td></tr>
 *   <tr><td>struct</td><td>record</td></tr>
 *   <tr><td>union</td><td>record holding the bytes, with a view accessor and a factory per member</td></tr>
 *   <tr><td>enum</td><td>the raw value ({@code int}, or {@code long} for 64-bit enums), plus an
 *       {@code xAsEnum()} accessor returning the Java enum constant or null</td></tr>
 *   <tr><td>bitfield</td><td>{@code int} up to 31 bits, else {@code long}; {@code boolean} for a 1-bit {@code _Bool}</td></tr>
 * </table>
 *
 * <p>This class puts the file together; what goes into it is written by {@link SkeletonWriter} (the
 * class's own members, with {@link VariableWriter} for the accessors of global variables),
 * {@link MapWriter} (typed map wrappers), {@link RecordWriter} and
 * {@link EnumWriter} (the nested types) and {@link HelperWriter} (what their code calls), all
 * mapping types through one {@link JavaTypes} and coding values through one {@link ValueCode}.
 */
public final class JavaGenerator {
    /** Settings for one generated class. */
    public record Options(String packageName, String className, String resourceName) {
    }

    /** The imports a binding may need; each is written when the body uses it. */
    private static final List<String> IMPORTS = List.of("dev.ebee.Attachments", "dev.ebee.BpfMap",
            "dev.ebee.Collection", "dev.ebee.CollectionSpec", "dev.ebee.ObjectFile", "dev.ebee.Program",
            "dev.ebee.link.Cgroup", "dev.ebee.link.CgroupHook", "dev.ebee.link.Link", "dev.ebee.link.Tcx",
            "dev.ebee.link.TcxDirection", "dev.ebee.link.Uprobe", "dev.ebee.link.Usdt", "dev.ebee.link.UsdtTarget",
            "dev.ebee.link.Xdp", "dev.ebee.link.XdpMode",
            "dev.ebee.perf.PerfReader", "dev.ebee.ringbuf.RecordHandler", "dev.ebee.ringbuf.RingBufReader",
            "java.lang.foreign.Arena", "java.lang.foreign.MemorySegment",
            "java.lang.foreign.ValueLayout", "java.nio.ByteOrder", "java.nio.charset.StandardCharsets", "java.nio.file.Path",
            "java.time.Duration", "java.util.ArrayList", "java.util.Arrays", "java.util.List", "java.util.Map",
            "java.util.Objects", "java.util.Optional", "java.util.function.BiConsumer", "java.util.function.Consumer");

    private final BpfObjectModel model;
    private final Options options;
    private final JavaTypes types;
    private final ValueCode values;

    public JavaGenerator(BpfObjectModel model, Options options) {
        this.model = model;
        this.options = options;
        this.types = new JavaTypes(options.className());
        this.values = new ValueCode(types);
    }

    /** The Java source file. */
    public String generate() {
        collectTypes();
        SourceWriter w = new SourceWriter();
        Map<BpfObjectModel.MapDef, String> mapClasses = new SkeletonWriter(model, options, types, values).write(w);
        MapWriter maps = new MapWriter(types, values);
        for (var e : mapClasses.entrySet()) {
            w.blank();
            maps.write(w, e.getKey(), e.getValue());
        }
        RecordWriter records = new RecordWriter(types, values);
        for (var e : types.named().entrySet()) {
            w.blank();
            switch (e.getKey()) {
                case CType.Struct s when s.union() -> records.union(w, s, e.getValue());
                case CType.Struct s -> records.struct(w, s, e.getValue());
                case CType.Enum en -> EnumWriter.write(w, en, e.getValue());
                default -> throw new IllegalStateException("not a named type: " + e.getKey());
            }
        }
        HelperWriter.helpers(w);
        w.line("}");
        String body = HelperWriter.withLayouts(w.toString().replace("\n\n}\n", "\n}\n"));
        StringBuilder out = new StringBuilder();
        out.append("// Generated by ebee bpf2java from ").append(model.sourceName()).append(". Do not edit.\n");
        if (!options.packageName().isEmpty()) {
            out.append("package ").append(options.packageName()).append(";\n");
        }
        out.append('\n');
        // only the imports the body uses (comments aside, a simple name followed by a non-identifier character)
        String code = body.replaceAll("(?m)^\\s*(/\\*\\*|\\*).*$", "");
        for (String imp : IMPORTS) {
            if (HelperWriter.mentions(code, imp.substring(imp.lastIndexOf('.') + 1))) {
                out.append("import ").append(imp).append(";\n");
            }
        }
        return out.append('\n').append(body).toString();
    }

    /** Names the records and enums first, so that every writer refers to the same names. */
    private void collectTypes() {
        for (BpfObjectModel.MapDef m : model.maps()) {
            if (m.event() != null) {
                types.collect(m.event(), "event of map " + m.name(), "");
            } else if (MapWriter.isTyped(m)) {
                types.collect(m.key(), "map " + m.name() + " key", "");
                types.collect(m.value(), "map " + m.name() + " value", "");
            }
        }
        for (CType.Struct s : model.events()) {
            types.collect(s, "event " + s.cName(), "");
        }
        for (BpfObjectModel.Variable v : model.constants()) {
            types.collect(v.type(), "constant " + v.name(), Names.upperCamel(v.name()));
        }
        for (BpfObjectModel.Variable v : model.globals()) {
            types.collect(v.type(), "global " + v.name(), Names.upperCamel(v.name()));
        }
    }
}
