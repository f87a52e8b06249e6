package dev.ebee.bpf2java;

import dev.ebee.CollectionSpec;
import dev.ebee.EbeeException;
import dev.ebee.MapSpec;
import dev.ebee.ObjectFile;
import dev.ebee.ProgramSpec;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link BpfObjectModel} of an object from ebee-core's reading of it
 * ({@link ObjectFile#parse}): the binding then describes exactly the object the generated class
 * loads, and bpf2java keeps no ELF reader of its own. What it adds is the choice of what user
 * space gets: programs, the maps declared in {@code .maps}, the non-{@code static} globals, and
 * event types.
 *
 * <p>Event types, the structs user space reads from ring buffers and perf event arrays, cannot be
 * seen in BTF (the program passes a size to {@code bpf_ringbuf_reserve}, not a type). They are
 * <ul>
 *   <li>the structs named in {@code eventNames} (the plugin's {@code <events>}),</li>
 *   <li>the event type of a ring buffer or perf event array whose definition declares one, as
 *       cilium/ebpf's examples do with {@code __type(value, struct event)}
 *       ({@link MapSpec#eventTypeId()}), and</li>
 *   <li>every struct or union that is the type, or the pointee, of a global variable: libbpf-style
 *       objects declare {@code struct event *unused __attribute__((unused));} or
 *       {@code const struct event *unused_event;} to make clang emit the type.</li>
 * </ul>
 */
final class ModelBuilder {
    /** Section, then offset: the order the variables are laid out in, whatever order clang lists them in. */
    private static final Comparator<CollectionSpec.Variable> LAYOUT_ORDER =
            Comparator.comparing(CollectionSpec.Variable::section).thenComparingInt(CollectionSpec.Variable::offset);

    private final String sourceName;
    private final CollectionSpec spec;
    private final Btf btf;
    private final CTypes types;

    /** For an object with BTF: {@code spec.btf()} is not null. */
    private ModelBuilder(String sourceName, CollectionSpec spec) {
        this.sourceName = sourceName;
        this.spec = spec;
        this.btf = spec.btf();
        this.types = new CTypes(btf);
    }

    /**
     * Reads {@code object}.
     *
     * @param sourceName the name to report (the .bpf.c or .o file)
     * @param object     the ELF object's bytes
     * @param eventNames struct names to generate records for in any case
     */
    static BpfObjectModel read(String sourceName, byte[] object, List<String> eventNames) {
        CollectionSpec spec;
        try {
            spec = ObjectFile.parse(sourceName, object);
        } catch (EbeeException e) {
            String message = e.getMessage().startsWith(sourceName) ? e.getMessage() : sourceName + ": " + e.getMessage();
            throw new Bpf2JavaException(message, e.hint() != null ? e.hint()
                    : "give bpf2java an object compiled with clang -target bpf -g", e);
        }
        if (spec.btf() == null) {
            throw new Bpf2JavaException(sourceName + " has no .BTF section, so bpf2java cannot see its types",
                    "compile it with clang -g");
        }
        return new ModelBuilder(sourceName, spec).model(eventNames);
    }

    private BpfObjectModel model(List<String> eventNames) {
        List<BpfObjectModel.Program> programs = new ArrayList<>();
        for (ProgramSpec p : spec.programs().values()) {
            programs.add(new BpfObjectModel.Program(p.name(), p.section()));
        }
        List<BpfObjectModel.Variable> constants = new ArrayList<>();
        List<BpfObjectModel.Variable> globals = new ArrayList<>();
        Set<CType.Struct> events = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        List<CollectionSpec.Variable> variables = spec.variables().values().stream()
                .filter(v -> v.btfTypeId() != 0).sorted(LAYOUT_ORDER).toList();
        for (CollectionSpec.Variable v : variables) {
            boolean pointer = btf.type(btf.resolve(v.btfTypeId())) instanceof BtfType.Ptr;
            if (v.global() && v.constant()) {
                constants.add(variable(v, "constant "));
            } else if (v.global() && !pointer) {
                globals.add(variable(v, "global "));
            }
            event(v, pointer, events, warnings);
        }
        for (MapSpec m : spec.maps().values()) {
            if (m.eventTypeId() != 0) {
                events.add(mappable(m.eventTypeId(), "event of map " + m.name(),
                        "event struct of map " + m.name() + " (declared with __type(value, ...))"));
            }
        }
        for (String name : eventNames) {
            events.add(namedEvent(name));
        }
        return new BpfObjectModel(sourceName, programs, maps(eventNames), constants, globals, List.copyOf(events), warnings);
    }

    private BpfObjectModel.Variable variable(CollectionSpec.Variable v, String what) {
        return new BpfObjectModel.Variable(v.name(), v.section(), v.offset(), types.of(v.btfTypeId(), what + v.name()));
    }

    /** Adds the struct or union {@code v} holds or points to, if Java can map it. */
    private void event(CollectionSpec.Variable v, boolean pointer, Set<CType.Struct> events, List<String> warnings) {
        int t = btf.resolve(v.btfTypeId());
        if (btf.type(t) instanceof BtfType.Ptr p) {
            t = btf.resolve(p.type());
        }
        if (!(btf.type(t) instanceof BtfType.Composite comp)) {
            return;
        }
        CType c = types.of(t, "global " + v.name());
        if (c instanceof CType.Struct s) {
            events.add(s);
        } else if (c instanceof CType.Unsupported u && pointer) {
            // a pointer global to a struct Java cannot map (a kernel struct, say): no record, no failure
            warnings.add("no record for " + (comp instanceof BtfType.Union ? "union " : "struct ") + comp.name()
                    + " (the pointee of global " + v.name() + "): cannot map '" + u.cName() + "' (" + u.why()
                    + "); name it in <events> to make this an error");
        }
    }

    /** A struct configured in {@code <events>}: it must exist and map. */
    private CType.Struct namedEvent(String name) {
        for (int id : btf.typesByName(name)) {
            if (btf.type(id) instanceof BtfType.Composite) {
                return mappable(id, "event " + name, "event struct " + name + " (configured in <events>)");
            }
        }
        throw new Bpf2JavaException("event struct '" + name + "' (configured in <events>) is not in the BTF of "
                + sourceName, "clang emits only the types the program uses; declare a global such as "
                + "'struct " + name + " *unused_" + name + " __attribute__((unused));' in the .bpf.c");
    }

    /** The struct or union {@code id}, which the user asked for by name: a record, or the reason there is none. */
    private CType.Struct mappable(int id, String where, String what) {
        CType c = types.of(id, where);
        if (c instanceof CType.Unsupported u) {
            throw JavaTypes.unsupported(u, what);
        }
        return (CType.Struct) c;
    }

    /**
     * The maps declared in {@code .maps}, in declaration order: the variables of its DATASEC,
     * which ebee-core has sorted by offset. (Data sections are maps too, but their variables get
     * accessors of their own; legacy {@code SEC("maps")} definitions carry no types.)
     *
     * <p>An event map's event type is the one its definition declares; failing that, when the
     * object has one event map that declares none and {@code <events>} names one struct, that
     * struct (with more of either, which goes where would be a guess).
     */
    private List<BpfObjectModel.MapDef> maps(List<String> eventNames) {
        List<BpfObjectModel.MapDef> maps = new ArrayList<>();
        int id = btf.typeId(".maps", BtfType.KIND_DATASEC).orElse(0);
        if (id == 0) {
            return maps;
        }
        for (BtfType.VarSecinfo vs : ((BtfType.Datasec) btf.type(id)).vars()) {
            if (btf.type(vs.type()) instanceof BtfType.Var var) {
                maps.add(map(spec.map(var.name())));
            }
        }
        List<BpfObjectModel.MapDef> untyped = maps.stream().filter(m -> m.isEventMap() && m.event() == null).toList();
        if (untyped.size() == 1 && eventNames.size() == 1) {
            BpfObjectModel.MapDef m = untyped.getFirst();
            maps.set(maps.indexOf(m), m.withEvent(namedEvent(eventNames.getFirst())));
        }
        return maps;
    }

    private BpfObjectModel.MapDef map(MapSpec m) {
        CType key = m.btfKeyTypeId() == 0 ? null : types.of(m.btfKeyTypeId(), "map " + m.name() + " key");
        CType value = m.btfValueTypeId() == 0 ? null : types.of(m.btfValueTypeId(), "map " + m.name() + " value");
        CType.Struct event = m.eventTypeId() == 0 ? null : mappable(m.eventTypeId(), "event of map " + m.name(),
                "event struct of map " + m.name() + " (declared with __type(value, ...))");
        return new BpfObjectModel.MapDef(m.name(), m.type().id(), key, value,
                key != null ? key.byteSize() : m.keySize(), value != null ? value.byteSize() : m.valueSize(),
                Integer.toUnsignedLong(m.maxEntries()), event);
    }
}
