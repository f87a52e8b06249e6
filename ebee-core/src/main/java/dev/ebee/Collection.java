package dev.ebee;

import dev.ebee.btf.Btf;
import dev.ebee.internal.sys.Fd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loaded maps and programs of an object, and its global {@link Variable}s. Owns them all: closing
 * the collection closes every map and program, unmaps the data sections its variables view, and
 * releases the object's BTF in the kernel (links made from its programs are the caller's).
 */
public final class Collection implements AutoCloseable {
    private final String name;
    private final Map<String, BpfMap> maps;
    private final Map<String, Program> programs;
    private final Fd btf;
    private final Map<String, ProgramSpec> specs;
    private final Map<String, SectionMemory> sections;
    private final Map<String, Variable> variables;

    /**
     * Load options.
     *
     * @param pinPath   where maps with {@code LIBBPF_PIN_BY_NAME} are pinned and reused (a bpffs directory)
     * @param logLevel  verifier log level for every program (0: only on failure)
     * @param targetBtf the BTF CO-RE relocates against, ksyms and kfuncs resolve in; null: the running kernel's
     */
    public record Options(Path pinPath, int logLevel, Btf targetBtf) {
        public static final Options DEFAULT = new Options(Path.of("/sys/fs/bpf"), 0, null);

        public Options withTargetBtf(Btf target) {
            return new Options(pinPath, logLevel, target);
        }

        public Options withLogLevel(int level) {
            return new Options(pinPath, level, targetBtf);
        }

        public Options withPinPath(Path p) {
            return new Options(p, logLevel, targetBtf);
        }
    }

    /** {@code sections}: the memory of each data section that holds variables, now the collection's. */
    Collection(String name, Map<String, BpfMap> maps, Map<String, Program> programs, Fd btf,
               Map<String, ProgramSpec> specs, Map<String, CollectionSpec.Variable> variables,
               Map<String, SectionMemory> sections) {
        this.sections = new LinkedHashMap<>(sections);
        this.variables = new LinkedHashMap<>();
        for (CollectionSpec.Variable v : variables.values()) {
            this.variables.put(v.name(), new Variable(v, sections.get(v.section())));
        }
        this.name = name;
        this.maps = new LinkedHashMap<>(maps);
        this.programs = new LinkedHashMap<>(programs);
        this.btf = btf;
        this.specs = specs;
    }

    public String name() {
        return name;
    }

    public Map<String, BpfMap> maps() {
        return Collections.unmodifiableMap(maps);
    }

    public Map<String, Program> programs() {
        return Collections.unmodifiableMap(programs);
    }

    public BpfMap map(String mapName) {
        BpfMap m = maps.get(mapName);
        if (m == null) {
            throw new EbeeException(name + " has no map " + mapName, "maps: " + String.join(", ", maps.keySet()));
        }
        return m;
    }

    public Program program(String programName) {
        Program p = programs.get(programName);
        if (p == null) {
            throw new EbeeException(name + " has no loaded program " + programName,
                    "programs: " + String.join(", ", programs.keySet()));
        }
        return p;
    }

    /**
     * Attaches every loaded program whose section names its hook (tracepoints, raw tracepoints,
     * tp_btf/fentry/fexit/lsm, kprobes, uprobes with BINARY:SYMBOL), as a libbpf skeleton's
     * attach does; programs whose hook needs more (xdp, tc, cgroup, socket) are left for
     * {@link dev.ebee.link} classes. If one attachment fails, those made are detached again.
     */
    public Attachments attachAll() {
        List<dev.ebee.link.Link> links = new ArrayList<>();
        try {
            for (Program p : programs.values()) {
                if (autoAttachable(p.section())) {
                    links.add(dev.ebee.link.AutoAttach.attach(p));
                }
            }
        } catch (RuntimeException e) {
            new Attachments(links).close();
            throw e;
        }
        return new Attachments(links);
    }

    /** Attaches one program by its section name. */
    public dev.ebee.link.Link attach(String programName) {
        return dev.ebee.link.AutoAttach.attach(program(programName));
    }

    /** Whether a section name says where to attach (so that {@link #attachAll()} attaches it). */
    public static boolean autoAttachable(String section) {
        return dev.ebee.link.AutoAttach.attachable(section);
    }

    /** The spec a program was loaded from. */
    public ProgramSpec programSpec(String programName) {
        return specs.get(programName);
    }

    /**
     * A global variable of the object: a live view of its bytes, shared with the programs.
     *
     * @throws EbeeException naming the variables there are when the object has none of that name
     */
    public Variable variable(String variableName) {
        Variable v = variables.get(variableName);
        if (v == null) {
            throw CollectionSpec.noVariable(name, variableName, variables.keySet());
        }
        return v;
    }

    /** The fd of the object's BTF in the kernel, or -1 when it was loaded without BTF. */
    public int btfFd() {
        return btf == null ? -1 : btf.get();
    }

    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>();
        for (Program p : programs.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (SectionMemory s : sections.values()) {
            try {
                s.close(); // before the maps: views of the mapping fail from now on
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (BpfMap m : maps.values()) {
            try {
                m.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        if (btf != null) {
            btf.close();
        }
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
    }

    @Override
    public String toString() {
        return "Collection[" + name + ": programs " + programs.keySet() + ", maps " + maps.keySet() + "]";
    }
}
