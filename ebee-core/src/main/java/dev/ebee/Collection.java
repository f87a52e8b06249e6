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
    private dev.ebee.link.UsdtSpecTable usdtSpecs; // made on first USDT attachment

    /**
     * Load options.
     *
     * @param pinPath   where maps with {@code LIBBPF_PIN_BY_NAME} are pinned and reused (a bpffs directory)
     * @param logLevel  verifier log level for every program (0: only on failure)
     * @param targetBtf the BTF CO-RE relocates against, ksyms and kfuncs resolve in; null: the running kernel's
     */
    public record Options(Path pinPath, int logLevel, Btf targetBtf, BpfToken token) {
        public static final Options DEFAULT = new Options(Path.of("/sys/fs/bpf"), 0, null, null);

        public Options withTargetBtf(Btf target) {
            return new Options(pinPath, logLevel, target, token);
        }

        public Options withLogLevel(int level) {
            return new Options(pinPath, level, targetBtf, token);
        }

        public Options withPinPath(Path p) {
            return new Options(p, logLevel, targetBtf, token);
        }

        /**
         * Creates the maps, BTF and programs with {@code token} (the caller keeps and closes it).
         * Without one, a load takes a token from {@value BpfToken#PATH_VARIABLE} when it is set.
         */
        public Options withToken(BpfToken token) {
            return new Options(pinPath, logLevel, targetBtf, token);
        }
    }

    /** The value of each struct_ops map created without BPF_F_LINK, which registers it when stored. */
    private final Map<String, byte[]> structOpsValues;

    /**
     * {@code sections}: the memory of each data section that holds variables, now the collection's;
     * {@code structOpsValues}: see {@link #attachStructOps(String)}.
     */
    Collection(String name, Map<String, BpfMap> maps, Map<String, Program> programs, Fd btf,
               Map<String, ProgramSpec> specs, Map<String, CollectionSpec.Variable> variables,
               Map<String, SectionMemory> sections, Map<String, byte[]> structOpsValues) {
        this.structOpsValues = Map.copyOf(structOpsValues);
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
     * tp_btf/fentry/fexit/lsm, kprobes, uprobes with BINARY:SYMBOL, USDT probes with
     * PATH:PROVIDER:NAME), as a libbpf skeleton's attach does, all or none, and registers each
     * struct_ops map (through a link; its programs go with it). Programs of type syscall are run,
     * not attached, and are left alone.
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
            if (p.type() != ProgramType.SYSCALL && p.type() != ProgramType.STRUCT_OPS) { // struct_ops: by their map
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
                    links.add(dev.ebee.link.AutoAttach.attach(p, usdtSpecs()));
                }
            }
            for (BpfMap m : maps.values()) {
                if (m.type() == MapType.STRUCT_OPS) {
                    links.add(attachStructOps(m.name()));
                }
            }
        } catch (RuntimeException e) {
            new Attachments(links, List.of()).close();
            throw e;
        }
        return new Attachments(links, skipped);
    }

    /**
     * Registers struct_ops map {@code mapName} with the kernel, its programs with it: through a
     * bpf_link ({@link dev.ebee.link.StructOps}) when the map was created with BPF_F_LINK, as ebee
     * creates them where the kernel allows (6.4+); else by storing its value
     * ({@link dev.ebee.link.StructOpsUpdate}), as libbpf registers a {@code .struct_ops} map.
     */
    public dev.ebee.link.Link attachStructOps(String mapName) {
        BpfMap m = map(mapName);
        if ((m.flags() & MapSpec.F_LINK) != 0) {
            return dev.ebee.link.StructOps.attach(m);
        }
        byte[] value = structOpsValues.get(mapName);
        if (value == null) {
            throw new EbeeException("map " + mapName + " of " + name + " is not a struct_ops map");
        }
        return dev.ebee.link.StructOpsUpdate.register(m, value);
    }

    /** Attaches one program by its section name. */
    public dev.ebee.link.Link attach(String programName) {
        return dev.ebee.link.AutoAttach.attach(program(programName), usdtSpecs());
    }

    /**
     * Attaches a program written against libbpf's usdt.bpf.h ({@code SEC("usdt")}, {@code BPF_USDT})
     * to every site of a USDT probe, filling this collection's {@code __bpf_usdt_specs} map.
     *
     * @throws EbeeException when the object does not include usdt.bpf.h, and as {@link dev.ebee.link.Usdt#attach} does
     */
    public dev.ebee.link.Usdt attachUsdt(String programName, dev.ebee.link.UsdtTarget target) {
        Program p = program(programName);
        dev.ebee.link.UsdtSpecTable specs = usdtSpecs();
        if (specs == null) {
            throw new EbeeException("cannot attach " + programName + " to " + target + ": " + name + " has no "
                    + dev.ebee.link.UsdtSpecTable.MAP_NAME + " map", "include <bpf/usdt.bpf.h> in the program's source "
                    + "and read the arguments with BPF_USDT() or bpf_usdt_arg()");
        }
        return dev.ebee.link.Usdt.attach(p, specs, target);
    }

    /** The one spec table over this collection's usdt.bpf.h map, made on first use; null when there is no such map. */
    private synchronized dev.ebee.link.UsdtSpecTable usdtSpecs() {
        if (usdtSpecs == null && maps.containsKey(dev.ebee.link.UsdtSpecTable.MAP_NAME)) {
            usdtSpecs = dev.ebee.link.UsdtSpecTable.of(maps.get(dev.ebee.link.UsdtSpecTable.MAP_NAME));
        }
        return usdtSpecs;
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
