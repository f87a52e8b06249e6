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

    /** The name the object was parsed under: its file or resource name ({@code execwatch.bpf.o}). */
    public String name() {
        return name;
    }

    /** Every map, by name, in the object's order. */
    public Map<String, BpfMap> maps() {
        return Collections.unmodifiableMap(maps);
    }

    /** Every loaded program, by name, in the object's order. */
    public Map<String, Program> programs() {
        return Collections.unmodifiableMap(programs);
    }

    /** The map named {@code mapName}; an {@link EbeeException} listing the maps when there is none. */
    public BpfMap map(String mapName) {
        return Named.require(maps, name, "map", "maps", mapName);
    }

    /** The loaded program named {@code programName}; an {@link EbeeException} listing the programs when there is none. */
    public Program program(String programName) {
        return Named.require(programs, name, "loaded program", "programs", programName);
    }

    /**
     * Attaches every loaded program by its section name (tracepoints, raw tracepoints,
     * tp_btf/fentry/fexit/lsm, kprobes, uprobes with BINARY:SYMBOL), as a libbpf skeleton's attach
     * does, all or none. Programs of type syscall are run, not attached, and are left alone.
     *
     * @throws EbeeException before attaching anything, when a program's section does not say where
     *                       to attach (xdp, tc, cgroup, socket, a uprobe without its binary): it
     *                       names each such program with the method that attaches it; and when an
     *                       attachment fails, after detaching those made
     */
    public Attachments attachAll() {
        List<Attachments.Skipped> skipped = unattachable();
        if (!skipped.isEmpty()) {
            throw new EbeeException("attachAll() cannot attach " + skipped.size() + " program(s) of " + name
                    + " by section name: " + String.join("; ", skipped.stream().map(Attachments.Skipped::toString).toList()),
                    "attach those with the methods named, and the others with attach(name) or attachAllAvailable()");
        }
        return attach(skipped);
    }

    /**
     * Attaches the loaded programs whose sections name their hook, all or none, and reports the
     * others in {@link Attachments#skipped()} instead of failing on them.
     *
     * @throws EbeeException when an attachment fails, after detaching those made
     */
    public Attachments attachAllAvailable() {
        return attach(unattachable());
    }

    /** The programs a section name cannot attach, with the reason; syscall programs are run, so never among them. */
    private List<Attachments.Skipped> unattachable() {
        List<Attachments.Skipped> skipped = new ArrayList<>();
        for (Program p : programs.values()) {
            if (p.type() != ProgramType.SYSCALL) {
                dev.ebee.link.AutoAttach.refusal(p.section())
                        .ifPresent(why -> skipped.add(new Attachments.Skipped(p.name(), p.section(), why)));
            }
        }
        return skipped;
    }

    /** Attaches every attachable program, the others being {@code skipped}; undoes them all when one fails. */
    private Attachments attach(List<Attachments.Skipped> skipped) {
        List<dev.ebee.link.Link> links = new ArrayList<>();
        try {
            for (Program p : programs.values()) {
                if (autoAttachable(p.section())) {
                    links.add(dev.ebee.link.AutoAttach.attach(p));
                }
            }
        } catch (RuntimeException e) {
            new Attachments(links, List.of()).close();
            throw e;
        }
        return new Attachments(links, skipped);
    }

    /** Attaches one program by its section name. */
    public dev.ebee.link.Link attach(String programName) {
        return dev.ebee.link.AutoAttach.attach(program(programName));
    }

    /** Whether a section name says where to attach (so that {@link #attachAll()} attaches it by that name). */
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
        return Named.require(variables, name, "global variable", "global variables", variableName);
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
