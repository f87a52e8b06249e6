package dev.ebee;

import dev.ebee.asm.Insn;
import dev.ebee.asm.Op;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfSanitizer;
import dev.ebee.btf.BtfType;
import dev.ebee.btf.KernelBtf;
import dev.ebee.btf.KernelTargets;
import dev.ebee.btf.CoreKind;
import dev.ebee.btf.CoreRelocator;
import dev.ebee.features.Features;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Cpus;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.Log;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Turns a {@link CollectionSpec} into a {@link Collection}: BTF, maps, relocations, programs. */
final class CollectionLoader {

    private final CollectionSpec spec;
    private final Collection.Options options;
    private Btf target;
    private final KernelAnswers answers;
    private Fd btfFd;
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final Map<String, Program> programs = new LinkedHashMap<>();
    private final Map<String, SectionMemory> sections = new LinkedHashMap<>();
    private final Map<String, StructOpsMap> structOps = new LinkedHashMap<>();
    /** {kernel struct id, member index} of each struct_ops program, from the map that names it */
    private final Map<String, int[]> structOpsMembers = new HashMap<>();
    private final Map<String, byte[]> structOpsValues = new HashMap<>();

    private CollectionLoader(CollectionSpec spec, Collection.Options options) {
        this.spec = spec;
        this.options = options;
        this.answers = KernelAnswers.of(spec, options);
    }

    static Collection load(CollectionSpec spec, Collection.Options options) {
        if (options.token() == null) {
            // LIBBPF_BPF_TOKEN_PATH: a token for this load only; what it creates outlives it
            java.util.Optional<BpfToken> env = BpfToken.fromEnvironment();
            if (env.isPresent()) {
                try (BpfToken token = env.get()) {
                    return load(spec, options.withToken(token));
                }
            }
        }
        CollectionLoader l = new CollectionLoader(spec, options);
        try {
            return l.run();
        } catch (RuntimeException e) {
            l.programs.values().forEach(Program::close);
            l.sections.values().forEach(SectionMemory::close);
            l.maps.values().forEach(BpfMap::close);
            if (l.btfFd != null) {
                l.btfFd.close();
            }
            throw e;
        }
    }

    /** The BTF relocations resolve against: the running kernel's unless the options name one. */
    private Btf target() {
        if (target == null) {
            if (options.targetBtf() == null) {
                KernelAnswers.KERNEL_BTF_READS.incrementAndGet();
            }
            target = options.targetBtf() != null ? options.targetBtf() : KernelBtf.vmlinux();
        }
        return target;
    }

    private Collection run() {
        loadObjectBtf();
        Map<String, ProgramSpec> loadable = new LinkedHashMap<>();
        for (ProgramSpec p : spec.programs().values()) {
            if (p.autoload()) {
                loadable.put(p.name(), p);
            }
        }
        for (CollectionSpec.StructOps so : spec.structOps().values()) {
            StructOpsMap k = StructOpsMap.resolve(so, spec.btf(), target());
            structOps.put(so.map(), k);
            for (var member : so.programs().entrySet()) {
                ProgramSpec p = loadable.get(member.getValue());
                if (p != null && p.type() == ProgramType.STRUCT_OPS) {
                    structOpsMembers.put(p.name(), new int[] {k.kernelStructId(), k.memberIndex(member.getKey())});
                }
            }
        }
        // as libbpf: a struct_ops program that no struct_ops map uses has nothing to load against
        loadable.values().removeIf(p -> p.type() == ProgramType.STRUCT_OPS && !structOpsMembers.containsKey(p.name()));
        for (MapSpec m : spec.maps().values()) {
            StructOpsMap so = structOps.get(m.name());
            maps.put(m.name(), so != null && m.type() == MapType.STRUCT_OPS ? so.create(m, btfFd == null ? 0 : btfFd.get(), options.token()) : createMap(m));
        }
        if (!spec.kconfigExterns().isEmpty()) {
            maps.put(ObjectParser.KCONFIG, createKconfigMap());
        }
        List<ProgramSpec> order = List.copyOf(loadable.values());
        List<java.util.function.Supplier<Program>> loads = new ArrayList<>(order.size());
        for (ProgramSpec p : order) {
            try {
                loads.add(prepare(p));
            } catch (RuntimeException e) {
                // the programs before it still load first, as in a sequential load: one of them may fail first
                loads.add(() -> {
                    throw e;
                });
                break;
            }
        }
        List<Program> loaded = ConcurrentProgramLoad.loadAll(loads);
        for (int i = 0; i < loaded.size(); i++) {
            programs.put(order.get(i).name(), loaded.get(i));
        }
        fillReferences();
        fillStructOps();
        mapSections();
        answers.save();
        return new Collection(spec.objectName(), maps, programs, btfFd, loadable, spec.variables(), sections,
                structOpsValues);
    }

    private int tokenFd() {
        return options.token() == null ? 0 : options.token().fd();
    }

    // ------------------------------------------------------------------ BTF

    private void loadObjectBtf() {
        Btf btf = spec.btf();
        if (btf == null) {
            return;
        }
        byte[] raw = BtfSanitizer.ALL.apply(btf).toBytes();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocateFrom(ValueLayout.JAVA_BYTE, raw);
            long r = Bpf.btfLoadRaw(seg, null, 0, tokenFd());
            if (r == -Errno.EPERM || r == -Errno.EACCES) {
                // nothing else would load either: say so now rather than after a warning
                throw dev.ebee.SyscallException.of("BPF_BTF_LOAD " + spec.objectName(), (int) -r);
            }
            if (r < 0) {
                MemorySegment log = arena.allocate(1 << 20);
                long r2 = Bpf.btfLoadRaw(seg, log, 1, tokenFd());
                String text = log.getString(0);
                // as libbpf does: programs still load without BTF, only without source lines and typed maps
                Log.warning("ebee: " + spec.objectName() + ": the kernel refused the object's BTF ("
                        + Errno.name((int) -r) + "); loading without it" + (text.isBlank() ? "" : ": "
                        + VerifierException.tail(text, 3)));
                if (r2 >= 0) {
                    dev.ebee.internal.sys.Native.close((int) r2);
                }
                return;
            }
            btfFd = Fd.own((int) r, "BTF of " + spec.objectName());
        }
    }

    // ------------------------------------------------------------------ maps

    private BpfMap createMap(MapSpec m) {
        MapSpec s = m;
        if (s.type() == MapType.PERF_EVENT_ARRAY && s.maxEntries() <= 0) {
            s = s.withMaxEntries(Cpus.possibleCount()); // libbpf: one slot per possible CPU
        }
        if (isDataSection(s) && Features.kernel().mmapableArrays().supported()) {
            s = s.withFlags(s.flags() | MapSpec.F_MMAPABLE); // so that its variables are read and written in place
        }
        List<MapSpec.Entry> refs = new ArrayList<>();
        List<MapSpec.Entry> plain = new ArrayList<>();
        for (MapSpec.Entry e : s.contents()) {
            (e.value() == null ? refs : plain).add(e);
        }
        s = s.withContents(plain, s.freeze());
        if (s.pinning() == MapSpec.Pinning.BY_NAME) {
            Path pin = options.pinPath().resolve(s.name());
            if (Files.exists(pin)) {
                BpfMap existing = BpfMap.openPinned(pin.toString());
                if (existing.type() != s.type() || existing.keySize() != s.keySize()
                        || existing.valueSize() != s.valueSize() || existing.maxEntries() != s.maxEntries()) {
                    existing.close();
                    throw new EbeeException("map " + s.name() + " pinned at " + pin + " differs from the object's definition",
                            "remove the pin (rm " + pin + ") or change the definition back");
                }
                return existing;
            }
            BpfMap created = BpfMap.create(s, btfFd == null ? 0 : btfFd.get(), options.token());
            created.pin(pin.toString());
            return created;
        }
        return BpfMap.create(s, btfFd == null ? 0 : btfFd.get(), options.token());
    }

    private static boolean isDataSection(MapSpec m) {
        return m.type() == MapType.ARRAY && m.maxEntries() == 1 && ObjectParser.isDataSectionName(m.name());
    }

    /**
     * The memory of each data section that holds variables, once its contents are final (after the
     * freeze of .rodata, which the kernel refuses while a writable mapping exists).
     */
    private void mapSections() {
        for (CollectionSpec.Variable v : spec.variables().values()) {
            if (!sections.containsKey(v.section())) {
                BpfMap m = maps.get(v.section());
                MapSpec s = spec.map(v.section());
                boolean readOnly = s.freeze() || (m.flags() & (MapSpec.F_RDONLY | MapSpec.F_RDONLY_PROG)) != 0;
                sections.put(v.section(), SectionMemory.of(m, readOnly));
            }
        }
    }

    /** Prog arrays and maps of maps whose initial values name programs or maps. */
    private void fillReferences() {
        for (MapSpec m : spec.maps().values()) {
            for (MapSpec.Entry e : m.contents()) {
                if (e.value() != null || e.reference() == null) {
                    continue;
                }
                int fd;
                if (m.type() == MapType.PROG_ARRAY) {
                    Program p = programs.get(e.reference());
                    if (p == null) {
                        continue; // not loaded (autoload off)
                    }
                    fd = p.fd();
                } else {
                    BpfMap inner = maps.get(e.reference());
                    if (inner == null) {
                        throw new EbeeException("map " + m.name() + " refers to map " + e.reference() + ", which does not exist");
                    }
                    fd = inner.fd();
                }
                maps.get(m.name()).update(e.key(), ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(fd).array(),
                        Bpf.ANY);
            }
        }
    }

    /**
     * Each struct_ops map's value, with its programs' fds. In a map created with BPF_F_LINK, storing
     * the value registers nothing: attaching the map (a bpf_link) does, and closing the link or
     * killing the process unregisters it. In a map without (a kernel before 6.4), storing the value
     * registers it, so the value waits for the collection's attachStructOps.
     */
    private void fillStructOps() {
        for (var e : structOps.entrySet()) {
            BpfMap m = maps.get(e.getKey());
            byte[] value = e.getValue().value(programs);
            if ((m.flags() & MapSpec.F_LINK) != 0) {
                m.update(new byte[4], value, Bpf.ANY);
            } else {
                structOpsValues.put(e.getKey(), value);
            }
        }
    }

    private BpfMap createKconfigMap() {
        byte[] data = new byte[Math.max(1, spec.kconfigSize())];
        Map<String, String> config = null;
        for (CollectionSpec.Extern e : spec.kconfigExterns()) {
            ByteBuffer b = ByteBuffer.wrap(data, e.offset(), e.size()).order(ByteOrder.nativeOrder()).slice()
                    .order(ByteOrder.nativeOrder());
            switch (e.name()) {
                case "LINUX_KERNEL_VERSION" -> b.putInt(kernelVersionCode());
                case "LINUX_HAS_SYSCALL_WRAPPER" -> b.put((byte) 1);
                case "LINUX_HAS_BPF_COOKIE" -> b.put((byte) 1);
                default -> {
                    if (!e.name().startsWith("CONFIG_")) {
                        if (!e.weak()) {
                            throw new EbeeException("unknown .kconfig extern " + e.name(),
                                    "ebee knows LINUX_KERNEL_VERSION, LINUX_HAS_SYSCALL_WRAPPER and CONFIG_*");
                        }
                        continue;
                    }
                    if (config == null) {
                        config = kernelConfig();
                    }
                    String v = config.get(e.name());
                    if (v == null) {
                        continue; // as with libbpf, an unset option reads as 'n', zero
                    }
                    writeConfigValue(b, e, v);
                }
            }
        }
        MapSpec ks = new MapSpec(ObjectParser.KCONFIG, MapType.ARRAY, 4, data.length, 1, MapSpec.F_RDONLY_PROG, null,
                MapSpec.Pinning.NONE, 0, 0, 0, 0, List.of(new MapSpec.Entry(new byte[4], data, null)), true, 0);
        return BpfMap.create(ks, 0, options.token());
    }

    private static void writeConfigValue(ByteBuffer b, CollectionSpec.Extern e, String v) {
        String where = ".kconfig " + e.name() + " = " + v;
        if (v.startsWith("\"")) {
            byte[] s = v.substring(1, v.length() - 1).getBytes(StandardCharsets.UTF_8);
            b.put(s, 0, Math.min(s.length, e.size() - 1));
            return;
        }
        long n = switch (v) {
            case "y" -> 1;
            case "m" -> 2;
            case "n" -> 0;
            default -> {
                try {
                    yield v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
                } catch (NumberFormatException ex) {
                    throw new EbeeException(where + ": not a value ebee can store");
                }
            }
        };
        switch (e.size()) {
            case 1 -> b.put((byte) n);
            case 2 -> b.putShort((short) n);
            case 4 -> b.putInt((int) n);
            case 8 -> b.putLong(n);
            default -> throw new EbeeException(where + ": a " + e.size() + "-byte extern cannot hold it");
        }
    }

    /** KERNEL_VERSION(a, b, c) of the running kernel. */
    static int kernelVersionCode() {
        return dev.ebee.internal.sys.KernelVersion.code();
    }

    /** CONFIG_* values from /proc/config.gz or /boot/config-RELEASE; empty when neither exists. */
    static Map<String, String> kernelConfig() {
        Map<String, String> out = new HashMap<>();
        byte[] text = null;
        try {
            Path gz = Path.of("/proc/config.gz");
            if (Files.exists(gz)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    text = in.readAllBytes();
                }
            } else {
                Path boot = Path.of("/boot/config-" + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
                if (Files.exists(boot)) {
                    text = Files.readAllBytes(boot);
                }
            }
        } catch (IOException e) {
            throw new EbeeException("cannot read the kernel configuration: " + e.getMessage(), null, e);
        }
        if (text == null) {
            return out;
        }
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("CONFIG_") && eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ programs

    /**
     * Why each instruction of the program being loaded was poisoned (a CO-RE relocation without a
     * match, a call of a weak kfunc the kernel lacks), by instruction index: the verifier refuses a
     * reachable poisoned call as "invalid func unknown#N", and the loader names the cause instead.
     */
    private Map<Integer, String> poisoned;

    /**
     * Resolves a program's instructions (CO-RE, maps, kernel symbols) and load options, and returns
     * its load, which touches no state of this loader and so may run on another thread.
     */
    private java.util.function.Supplier<Program> prepare(ProgramSpec p) {
        poisoned = new HashMap<>();
        List<Insn> insns = new ArrayList<>(p.instructions());
        if (!p.coreRelocations().isEmpty()) {
            applyCore(p, insns);
        }
        for (ProgramSpec.Reference r : p.references()) {
            resolve(p, insns, r);
        }
        Program.LoadOptions opts = Program.LoadOptions.NONE.withLogLevel(options.logLevel()).withToken(options.token());
        if (btfFd != null) {
            opts = opts.withBtfFd(btfFd.get());
        }
        if (p.type() == ProgramType.TRACING || p.type() == ProgramType.LSM) {
            opts = opts.withAttachBtfId(attachBtfId(p), 0);
        }
        int[] member = structOpsMembers.get(p.name());
        if (member != null) {
            opts = opts.withStructOpsMember(member[0], member[1]);
        }
        ProgramSpec ready = p.withInstructions(insns);
        if (btfFd == null) {
            ready = ready.withBtfInfo(null);
        }
        ProgramSpec program = ready;
        Program.LoadOptions options = opts;
        Map<Integer, String> poisonCauses = poisoned;
        return () -> {
            try {
                return Program.load(program, options);
            } catch (VerifierException e) {
                String cause = poisonedCalls(e.log()).mapToObj(poisonCauses::get)
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                throw cause == null ? e : e.because(cause);
            }
        };
    }

    private CoreRelocator core;

    /** CO-RE: each relocation's value computed against the target BTF and patched into its instruction. */
    private void applyCore(ProgramSpec p, List<Insn> insns) {
        if (spec.btf() == null) {
            throw new EbeeException("program " + p.name() + " has CO-RE relocations but the object has no BTF");
        }
        Insn[] arr = insns.toArray(new Insn[0]);
        for (ProgramSpec.CoreRelocation c : p.coreRelocations()) {
            try {
                CoreKind kind = CoreKind.of(c.kind(), spec.objectName());
                CoreRelocator.Result r = answers.core(c, kind, () -> relocator().relocate(c.typeId(), c.access(), kind));
                CoreRelocator.patch(arr, c.insn(), r);
                if (r.poison()) {
                    poisoned.put(c.insn(), "failed to resolve CO-RE relocation at instruction " + c.insn() + ": "
                            + kind + " of " + CoreRelocator.accessPath(spec.btf(), c.typeId(), c.access(), kind)
                            + " (" + r.explanation() + ")");
                }
            } catch (BtfException e) {
                throw new EbeeException("program " + p.name() + ": CO-RE relocation at instruction " + c.insn()
                        + " failed: " + e.getMessage(), "the kernel's types differ from what the program expects", e);
            }
        }
        for (int i = 0; i < arr.length; i++) {
            insns.set(i, arr[i]);
        }
    }

    private CoreRelocator relocator() {
        if (core == null) {
            core = new CoreRelocator(spec.btf(), target());
        }
        return core;
    }

    private void resolve(ProgramSpec p, List<Insn> insns, ProgramSpec.Reference r) {
        Insn i = insns.get(r.insn());
        switch (r.kind()) {
            case MAP -> {
                BpfMap m = mapFor(p, r.target());
                insns.set(r.insn(), new Insn(i.opcode(), i.dst(), Op.PSEUDO_MAP_FD, i.off(), m.fd()));
                insns.set(r.insn() + 1, insns.get(r.insn() + 1).withImm(0));
            }
            case MAP_VALUE -> {
                BpfMap m = mapFor(p, r.target());
                insns.set(r.insn(), new Insn(i.opcode(), i.dst(), Op.PSEUDO_MAP_VALUE, i.off(), m.fd()));
                insns.set(r.insn() + 1, insns.get(r.insn() + 1).withImm((int) r.offset()));
            }
            case KSYM -> resolveKsym(p, insns, r, i);
            case KFUNC -> {
                java.util.OptionalInt id = answers.kernelId("kfunc", r.target(), () -> KernelTargets.function(target(), r.target()));
                if (id.isPresent()) {
                    insns.set(r.insn(), new Insn(Op.JMP | Op.CALL, 0, Op.PSEUDO_KFUNC_CALL, (short) 0, id.getAsInt()));
                } else if (r.weak()) {
                    // as libbpf: a call the verifier accepts only as dead code (behind bpf_ksym_exists)
                    insns.set(r.insn(), CoreRelocator.poisonInsn());
                    poisoned.put(r.insn(), "instruction " + r.insn() + " calls kernel function " + r.target()
                            + ", which this kernel lacks (a __weak kfunc: test it with bpf_ksym_exists() before the call)");
                } else {
                    throw new EbeeException("program " + p.name() + " calls kernel function " + r.target()
                            + ", which the kernel's BTF does not have",
                            "the kernel may be too old for this kfunc; declare it __weak and test bpf_ksym_exists() to run without it");
                }
            }
        }
    }

    /** The instructions where the verifier met a call of an unknown helper ("26: (85) call unknown#195896080"). */
    private static java.util.stream.IntStream poisonedCalls(String log) {
        return java.util.regex.Pattern.compile("(?m)^(\\d+): \\(85\\) call unknown#").matcher(log).results()
                .mapToInt(m -> Integer.parseInt(m.group(1)));
    }

    /**
     * A 64-bit load of a kernel symbol's address. A typed variable, or a kfunc whose address the
     * program takes (bpf_ksym_exists), becomes a BTF id the kernel resolves; a typeless one
     * ({@code extern const void x __ksym}) is the address /proc/kallsyms gives; a weak one the kernel
     * lacks is 0, as with libbpf.
     */
    private void resolveKsym(ProgramSpec p, List<Insn> insns, ProgramSpec.Reference r, Insn i) {
        BtfType declared = spec.btf() == null ? null : ksymDeclaration(spec.btf(), r.target());
        boolean typeless = declared == null || declared instanceof BtfType.Var v && spec.btf().resolve(v.type()) == 0; // (const) void
        if (typeless) {
            java.util.OptionalLong addr = KernelTargets.address(r.target());
            if (addr.isEmpty() && !r.weak()) {
                throw new EbeeException("program " + p.name() + " uses kernel symbol " + r.target()
                        + ", which /proc/kallsyms does not list", "declare it __weak to run without it");
            }
            long a = addr.orElse(0);
            insns.set(r.insn(), new Insn(i.opcode(), i.dst(), 0, i.off(), (int) a));
            insns.set(r.insn() + 1, insns.get(r.insn() + 1).withImm((int) (a >>> 32)));
            return;
        }
        java.util.OptionalInt id = declared instanceof BtfType.Func
                ? answers.kernelId("kfunc", r.target(), () -> KernelTargets.function(target(), r.target()))
                : answers.kernelId("ksym var", r.target(), () -> KernelTargets.variable(target(), r.target()));
        if (id.isPresent()) {
            insns.set(r.insn(), new Insn(i.opcode(), i.dst(), Op.PSEUDO_BTF_ID, i.off(), id.getAsInt()));
            insns.set(r.insn() + 1, insns.get(r.insn() + 1).withImm(0)); // the BTF object: 0 is vmlinux
        } else if (r.weak()) {
            insns.set(r.insn(), new Insn(i.opcode(), i.dst(), 0, i.off(), 0));
            insns.set(r.insn() + 1, insns.get(r.insn() + 1).withImm(0));
        } else {
            throw new EbeeException("program " + p.name() + " uses kernel " + (declared instanceof BtfType.Func
                    ? "function " : "symbol ") + r.target() + ", which the kernel's BTF does not have",
                    "the kernel may be too old or built without it; declare it __weak to run without it");
        }
    }

    /** How the object declares extern {@code name} in its .ksyms section: a Var, a Func, or null. */
    private static BtfType ksymDeclaration(Btf btf, String name) {
        for (int id : btf.typesByName(name)) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Var v && v.linkage() == BtfType.LINKAGE_EXTERN
                    || t instanceof BtfType.Func f && f.linkage() == BtfType.LINKAGE_EXTERN) {
                return t;
            }
        }
        return null;
    }

    private BpfMap mapFor(ProgramSpec p, String name) {
        BpfMap m = maps.get(name);
        if (m == null) {
            throw new EbeeException("program " + p.name() + " refers to map " + name + ", which was not created");
        }
        return m;
    }

    /** The kernel BTF id a tracing or LSM program attaches to, from its section's target. */
    private int attachBtfId(ProgramSpec p) {
        String t = p.attachTo();
        if (t == null || t.isEmpty()) {
            throw new EbeeException("program " + p.name() + " (SEC " + p.section() + ") names no attach target",
                    "write SEC(\"" + p.section() + "/<target>\")");
        }
        KernelTargets.AttachKind kind;
        if (p.expectedAttachType() == AttachType.TRACE_RAW_TP) {
            kind = KernelTargets.AttachKind.RAW_TRACEPOINT;
        } else if (p.type() == ProgramType.LSM) {
            kind = KernelTargets.AttachKind.LSM;
        } else if (p.expectedAttachType() == AttachType.TRACE_ITER) {
            kind = KernelTargets.AttachKind.ITERATOR;
        } else {
            kind = KernelTargets.AttachKind.FUNCTION;
        }
        KernelTargets.AttachKind k = kind;
        return answers.kernelId("attach " + kind, t, () -> KernelTargets.attachTarget(target(), k, t)).orElseThrow(() -> new EbeeException(
                "program " + p.name() + ": attach target " + t + " is not in the kernel's BTF (looked for "
                        + kind.btfName(t) + ")",
                "check the name against `ebee btf dump | grep " + t + "`"));
    }

}
