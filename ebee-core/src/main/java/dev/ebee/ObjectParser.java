package dev.ebee;

import dev.ebee.asm.Insn;
import dev.ebee.asm.Op;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfExt;
import dev.ebee.btf.BtfType;
import dev.ebee.internal.elf.ElfFile;
import dev.ebee.internal.elf.ElfRelocation;
import dev.ebee.internal.elf.ElfRelocationSection;
import dev.ebee.internal.elf.ElfSection;
import dev.ebee.internal.elf.ElfSymbol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a clang-built BPF ELF object into a {@link CollectionSpec}, following libbpf's conventions. */
final class ObjectParser {
    private static final String MAPS_SECTION = ".maps";
    private static final String LEGACY_MAPS_SECTION = "maps";
    static final String KCONFIG = ".kconfig";
    static final String KSYMS = ".ksyms";
    /** Global data sections become one array value; far larger than the kernel accepts, small enough to read. */
    private static final long MAX_DATA_SECTION = 256L << 20;

    private final String name;
    private final ElfFile elf;
    private List<ElfSymbol> symbols;
    private Btf btf;
    private BtfExt ext;

    /** relocations by target section index, then by byte offset */
    private final Map<Integer, Map<Long, ElfRelocation>> relocs = new HashMap<>();
    /** functions of each executable section, by first instruction index */
    private final Map<Integer, TreeMap<Integer, Func>> funcs = new HashMap<>();
    /** data sections (.data, .rodata, .bss, ...) by section index → map name */
    private final Map<Integer, String> dataMaps = new HashMap<>();
    private final Map<String, MapSpec> maps = new LinkedHashMap<>();
    private final Map<String, CollectionSpec.Variable> variables = new LinkedHashMap<>();
    private final List<CollectionSpec.Extern> kconfig = new ArrayList<>();
    private final Map<String, Integer> kconfigOffsets = new HashMap<>();
    private int kconfigSize;
    private int mapsSection = -1;
    private int legacyMapsSection = -1;

    private record Func(String name, int section, int start, int end, boolean global) {
    }

    ObjectParser(String name, byte[] data) {
        this.name = name;
        this.elf = ElfFile.parse(name, data);
    }

    private ElfException fail(String what) {
        return new ElfException(name + ": " + what);
    }

    CollectionSpec parse() {
        if (elf.machine() != ElfFile.EM_BPF) {
            throw new ElfException(name + ": not a BPF object (ELF machine " + elf.machine() + ")",
                    "compile with clang -target bpf");
        }
        if (elf.type() != ElfFile.ET_REL) {
            throw new ElfException(name + ": not a relocatable object (ELF type " + elf.type() + ")",
                    "pass the .o that clang -c produced");
        }
        symbols = elf.symbols();
        String license = elf.section("license").map(s -> cString(s.bytes())).orElse("");
        int kernelVersion = elf.section("version").filter(s -> s.data().byteSize() == 4)
                .map(s -> ByteBuffer.wrap(s.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt()).orElse(0);
        elf.section(".BTF").ifPresent(s -> btf = Btf.parse(name + " .BTF", s.bytes()));
        if (btf != null) {
            elf.section(".BTF.ext").ifPresent(s -> ext = BtfExt.parse(name + " .BTF.ext", s.bytes(), btf));
        }
        for (ElfRelocationSection rs : elf.relocationSections()) {
            if (rs.target() == null) {
                continue;
            }
            Map<Long, ElfRelocation> m = relocs.computeIfAbsent(rs.target().index(), k -> new HashMap<>());
            for (ElfRelocation r : rs.relocations()) {
                m.put(r.offset(), r);
            }
        }
        collectKconfig();
        if (btf != null) {
            btf = fixupBtf(btf);
        }
        collectDataSections();
        elf.section(MAPS_SECTION).ifPresent(this::collectBtfMaps);
        elf.section(LEGACY_MAPS_SECTION).ifPresent(this::collectLegacyMaps);
        collectFunctions();
        if (btf != null) {
            btf = hiddenSubprogramsStatic(btf);
        }

        Map<String, ProgramSpec> programs = new LinkedHashMap<>();
        for (ElfSection s : elf.sections()) {
            if (!s.isExecutable() || s.size() == 0 || s.name().equals(".text")) {
                continue;
            }
            SectionDef.Match match = SectionDef.find(s.name()).orElseThrow(() -> new ElfException(
                    name + ": unknown program section SEC(\"" + s.name() + "\")",
                    "use a libbpf section name such as tracepoint/<category>/<name>, xdp, tc, uprobe, raw_tp/<name>"));
            // as with libbpf, every function of a program section is a program (subprograms live in .text)
            for (Func f : funcs.getOrDefault(s.index(), new TreeMap<>()).values()) {
                ProgramSpec p = link(f, s, match, license, kernelVersion);
                if (programs.put(p.name(), p) != null) {
                    throw fail("two programs named " + p.name());
                }
            }
        }
        return new CollectionSpec(name, maps, programs, variables, kconfig, kconfigSize, btf, license);
    }

    /**
     * clang leaves DATASEC sizes and variable offsets at zero in objects: take them from the ELF
     * sections and symbols (and from ebee's own layout of .kconfig), as BPF_BTF_LOAD needs them.
     */
    private Btf fixupBtf(Btf b) {
        return b.fixupDatasecs(sec -> {
            if (sec.equals(KCONFIG)) {
                return (long) kconfigSize;
            }
            return elf.section(sec).map(ElfSection::size).orElse(null);
        }, (sec, var) -> {
            if (sec.equals(KCONFIG)) {
                Integer o = kconfigOffsets.get(var);
                return o == null ? null : o.longValue();
            }
            int idx = elf.section(sec).map(ElfSection::index).orElse(-1);
            if (idx < 0) {
                return null;
            }
            for (ElfSymbol x : symbols) {
                if (x.sectionIndex() == idx && x.name().equals(var)) {
                    return x.value();
                }
            }
            return null;
        });
    }

    /**
     * libbpf's rule: a global or weak subprogram of hidden or internal visibility ({@code __hidden},
     * as libbpf's usdt.bpf.h declares bpf_usdt_arg) cannot be called from outside the object, so its
     * BTF FUNC becomes static. The verifier then checks it in each caller's context, knowing its
     * arguments, instead of on its own, where it refuses valid code (a pointer argument may be NULL).
     */
    private Btf hiddenSubprogramsStatic(Btf b) {
        int text = elf.section(".text").map(ElfSection::index).orElse(-1);
        java.util.Set<String> hidden = new java.util.HashSet<>();
        for (ElfSymbol sym : symbols) {
            if (sym.isFunction() && !sym.isLocal() && sym.sectionIndex() == text
                    && (sym.visibility() == ElfSymbol.STV_HIDDEN || sym.visibility() == ElfSymbol.STV_INTERNAL)) {
                hidden.add(sym.name());
            }
        }
        if (hidden.isEmpty()) {
            return b;
        }
        return b.map((id, t) -> t instanceof BtfType.Func f && f.linkage() == BtfType.LINKAGE_GLOBAL
                && hidden.contains(f.name()) ? new BtfType.Func(f.name(), f.type(), BtfType.LINKAGE_STATIC) : t);
    }

    // ------------------------------------------------------------------ data sections and variables

    private static boolean isDataSection(ElfSection s) {
        return s.isAlloc() && !s.isExecutable() && isDataSectionName(s.name());
    }

    /** Whether a section of that name holds global variables (its map is named the same). */
    static boolean isDataSectionName(String n) {
        return n.equals(".data") || n.equals(".rodata") || n.equals(".bss") || n.startsWith(".data.")
                || n.startsWith(".rodata.") || n.startsWith(".bss.");
    }

    private void collectDataSections() {
        for (ElfSection s : elf.sections()) {
            if (!isDataSection(s)) {
                continue;
            }
            if (s.size() < 0 || s.size() > MAX_DATA_SECTION) {
                throw fail("section " + s.name() + " has a size of " + Long.toUnsignedString(s.size())
                        + " bytes; global data larger than " + MAX_DATA_SECTION + " bytes cannot be a BPF map value");
            }
            boolean readOnly = s.name().startsWith(".rodata");
            byte[] contents = s.isNoBits() ? new byte[(int) s.size()] : s.bytes();
            int size = contents.length;
            int datasecId = btf == null ? 0 : btf.typeId(s.name(), BtfType.KIND_DATASEC).orElse(0);
            MapSpec m = new MapSpec(s.name(), MapType.ARRAY, 4, Math.max(size, 1), 1,
                    readOnly ? MapSpec.F_RDONLY_PROG : 0, null, MapSpec.Pinning.NONE, 0, 0, 0, datasecId,
                    List.of(new MapSpec.Entry(new byte[4], size == 0 ? new byte[1] : contents, null)), readOnly, 0);
            maps.put(s.name(), m);
            dataMaps.put(s.index(), s.name());
            for (ElfSymbol sym : symbols) {
                if (sym.sectionIndex() == s.index() && sym.type() == ElfSymbol.STT_OBJECT && !sym.name().isEmpty()) {
                    variables.put(sym.name(), new CollectionSpec.Variable(sym.name(), s.name(), (int) sym.value(),
                            (int) sym.size(), readOnly, variableType(s.name(), sym.name()), !sym.isLocal()));
                }
            }
        }
    }

    /** The BTF type id of a global variable, from its section's DATASEC, or 0. */
    private int variableType(String section, String var) {
        if (btf == null) {
            return 0;
        }
        for (int id : btf.typesByName(section)) {
            if (btf.type(id) instanceof BtfType.Datasec ds) {
                for (BtfType.VarSecinfo v : ds.vars()) {
                    if (btf.type(v.type()) instanceof BtfType.Var vv && vv.name().equals(var)) {
                        return vv.type();
                    }
                }
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ maps

    private void collectLegacyMaps(ElfSection s) {
        legacyMapsSection = s.index();
        List<ElfSymbol> defs = symbols.stream().filter(x -> x.sectionIndex() == s.index() && !x.name().isEmpty()
                && x.type() != ElfSymbol.STT_SECTION).toList();
        if (defs.isEmpty()) {
            return;
        }
        byte[] data = s.bytes(); // what the file holds, whatever the header claims
        long defSize = data.length / defs.size();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (ElfSymbol sym : defs) {
            if (sym.value() < 0 || defSize < 16 || sym.value() > data.length - 16) {
                throw fail("legacy map definition " + sym.name() + " is truncated (struct bpf_map_def needs 20 bytes)");
            }
            int o = (int) sym.value();
            int flags = defSize >= 20 && o + 20 <= data.length ? b.getInt(o + 16) : 0;
            MapSpec m = new MapSpec(sym.name(), MapType.of(b.getInt(o)), b.getInt(o + 4), b.getInt(o + 8),
                    b.getInt(o + 12), flags, null, MapSpec.Pinning.NONE, 0, 0, 0, 0, List.of(), false, 0);
            maps.put(sym.name(), m);
        }
    }

    private void collectBtfMaps(ElfSection s) {
        mapsSection = s.index();
        if (btf == null) {
            throw new ElfException(name + ": the object has a .maps section but no BTF",
                    "compile with clang -g so that BTF describes the maps");
        }
        int dsId = btf.typeId(MAPS_SECTION, BtfType.KIND_DATASEC).orElseThrow(
                () -> fail(".maps section without a DATASEC in BTF"));
        BtfType.Datasec ds = (BtfType.Datasec) btf.type(dsId);
        Map<Long, ElfRelocation> mapRelocs = relocs.getOrDefault(s.index(), Map.of());
        for (BtfType.VarSecinfo vs : ds.vars()) {
            if (!(btf.type(vs.type()) instanceof BtfType.Var var)) {
                throw fail(".maps DATASEC holds a " + btf.type(vs.type()).kindName() + ", not a variable");
            }
            long varOffset = symbolValue(s.index(), var.name()).orElse((long) vs.offset());
            MapSpec m = mapFromBtf(var.name(), var.type(), varOffset, mapRelocs, 0);
            maps.put(var.name(), m);
        }
    }

    private java.util.OptionalLong symbolValue(int section, String sym) {
        for (ElfSymbol x : symbols) {
            if (x.sectionIndex() == section && x.name().equals(sym)) {
                return java.util.OptionalLong.of(x.value());
            }
        }
        return java.util.OptionalLong.empty();
    }

    private MapSpec mapFromBtf(String mapName, int typeId, long varOffset, Map<Long, ElfRelocation> mapRelocs, int depth) {
        int sid = btf.resolve(typeId);
        if (!(btf.type(sid) instanceof BtfType.Struct def)) {
            throw new ElfException(name + ": map " + mapName + " is not defined by a struct (found "
                    + btf.type(sid).kindName() + ")", "define maps as struct { __uint(type, ...); ... } name SEC(\".maps\")");
        }
        MapType type = null;
        int keySize = 0, valueSize = 0, maxEntries = 0, flags = 0, numa = 0, keyType = 0, valueType = 0;
        long extra = 0;
        MapSpec.Pinning pinning = MapSpec.Pinning.NONE;
        MapSpec inner = null;
        List<MapSpec.Entry> contents = new ArrayList<>();
        for (BtfType.Member mem : def.members()) {
            String where = "map " + mapName + " member " + mem.name();
            switch (mem.name()) {
                case "type" -> type = MapType.of(uintMember(mem, where));
                case "max_entries" -> maxEntries = uintMember(mem, where);
                case "map_flags" -> flags = uintMember(mem, where);
                case "numa_node" -> numa = uintMember(mem, where);
                case "key_size" -> keySize = uintMember(mem, where);
                case "value_size" -> valueSize = uintMember(mem, where);
                case "map_extra" -> extra = uintMember(mem, where);
                case "pinning" -> pinning = uintMember(mem, where) == 1 ? MapSpec.Pinning.BY_NAME : MapSpec.Pinning.NONE;
                case "key" -> {
                    keyType = pointee(mem, where);
                    keySize = (int) btf.sizeOf(keyType);
                }
                case "value" -> {
                    valueType = pointee(mem, where);
                    valueSize = (int) btf.sizeOf(valueType);
                }
                case "values" -> {
                    // __array(values, struct {...} or a function type): inner map template or programs
                    int at = btf.resolve(mem.type());
                    if (!(btf.type(at) instanceof BtfType.Array arr)) {
                        throw fail(where + ": expected an array (__array(values, ...))");
                    }
                    int elem = btf.resolve(arr.type());
                    if (!(btf.type(elem) instanceof BtfType.Ptr p)) {
                        throw fail(where + ": expected an array of pointers");
                    }
                    int target = btf.resolve(p.type());
                    if (btf.type(target) instanceof BtfType.Struct && depth == 0) {
                        inner = mapFromBtf(mapName + ".inner", target, 0, Map.of(), depth + 1);
                    }
                    valueSize = 4;
                    long base = varOffset + mem.bitOffset() / 8;
                    for (var e : mapRelocs.entrySet()) {
                        long off = e.getKey();
                        if (off >= base && off < base + 8L * Math.max(arr.nelems(), 0) + 8L * 4096 && (off - base) % 8 == 0
                                && off < base + 8L * Math.max(arr.nelems(), maxEntries == 0 ? 4096 : maxEntries)) {
                            int idx = (int) ((off - base) / 8);
                            ElfSymbol sym = symbol(e.getValue(), "map " + mapName);
                            contents.add(new MapSpec.Entry(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder())
                                    .putInt(idx).array(), null, sym.name()));
                        }
                    }
                }
                default -> throw new ElfException(name + ": map " + mapName + " has an unknown member '" + mem.name() + "'",
                        "libbpf map definitions know type, key, value, key_size, value_size, max_entries, map_flags, numa_node, pinning, map_extra, values");
            }
        }
        if (type == null) {
            throw new ElfException(name + ": map " + mapName + " has no type", "add __uint(type, BPF_MAP_TYPE_...)");
        }
        if (type.isMapOfMaps() || type == MapType.PROG_ARRAY) {
            keySize = keySize == 0 ? 4 : keySize;
        }
        contents.sort((a, b) -> java.util.Arrays.compare(a.key(), b.key()));
        int eventType = 0;
        if (type == MapType.RINGBUF || type == MapType.USER_RINGBUF || type == MapType.PERF_EVENT_ARRAY) {
            // The kernel fixes an event map's layout, whatever the definition declares: a ring buffer has
            // neither key nor value, a perf event array maps a u32 CPU index to a u32 perf event fd, and
            // neither takes BTF for them. Definitions copied from cilium/ebpf declare the event struct as
            // the value (__type(value, struct event)): that names what the programs send, so it is kept
            // as the map's event type, for bindings, and never reaches BPF_MAP_CREATE.
            eventType = composite(valueType);
            keySize = valueSize = type == MapType.PERF_EVENT_ARRAY ? 4 : 0;
            keyType = valueType = 0;
        }
        return new MapSpec(mapName, type, keySize, valueSize, maxEntries, flags, inner, pinning, numa, extra,
                keyType, valueType, contents, false, eventType);
    }

    /** The struct or union {@code typeId} names (through typedefs and qualifiers), else 0. */
    private int composite(int typeId) {
        int resolved = typeId == 0 ? 0 : btf.resolve(typeId);
        return resolved != 0 && btf.type(resolved) instanceof BtfType.Composite ? resolved : 0;
    }

    /** __uint(name, N) is {@code int (*name)[N]}: N is the array's element count. */
    private int uintMember(BtfType.Member mem, String where) {
        int p = btf.resolve(mem.type());
        if (btf.type(p) instanceof BtfType.Ptr ptr && btf.type(btf.resolve(ptr.type())) instanceof BtfType.Array a) {
            return a.nelems();
        }
        throw fail(where + ": expected __uint(" + mem.name() + ", N)");
    }

    /** __type(name, T) is {@code T *name}. */
    private int pointee(BtfType.Member mem, String where) {
        int p = btf.resolve(mem.type());
        if (btf.type(p) instanceof BtfType.Ptr ptr) {
            return ptr.type();
        }
        throw fail(where + ": expected __type(" + mem.name() + ", T)");
    }

    // ------------------------------------------------------------------ externs

    private void collectKconfig() {
        if (btf == null) {
            return;
        }
        int id = btf.typeId(KCONFIG, BtfType.KIND_DATASEC).orElse(0);
        if (id == 0) {
            return;
        }
        BtfType.Datasec ds = (BtfType.Datasec) btf.type(id);
        int off = 0;
        for (BtfType.VarSecinfo vs : ds.vars()) {
            if (!(btf.type(vs.type()) instanceof BtfType.Var var)) {
                continue;
            }
            long size64 = btf.sizeOf(var.type());
            if (size64 <= 0 || size64 > 4096) {
                throw fail(".kconfig extern " + var.name() + " has a size of " + size64 + " bytes");
            }
            int size = (int) size64;
            int align = Math.max(1, btf.alignOf(var.type()));
            off = (off + align - 1) / align * align;
            boolean weak = symbols.stream().anyMatch(s -> s.name().equals(var.name()) && s.isWeak());
            kconfig.add(new CollectionSpec.Extern(var.name(), off, size, var.type(), weak));
            kconfigOffsets.put(var.name(), off);
            off += size;
        }
        kconfigSize = Math.max(off, 1);
    }

    // ------------------------------------------------------------------ programs

    private void collectFunctions() {
        for (ElfSection s : elf.sections()) {
            if (!s.isExecutable() || s.size() == 0) {
                continue;
            }
            if (s.data().byteSize() != s.size()) {
                throw fail("code section " + s.name() + " has " + s.size() + " bytes but the file holds "
                        + s.data().byteSize());
            }
            if (s.size() % Insn.SIZE != 0) {
                throw fail("section " + s.name() + " is " + s.size() + " bytes, not a whole number of instructions");
            }
            TreeMap<Integer, Func> fs = new TreeMap<>();
            for (ElfSymbol sym : symbols) {
                if (sym.sectionIndex() != s.index() || !sym.isFunction()) {
                    continue;
                }
                // unsigned: a huge st_size must not wrap value + size back inside the section
                if (sym.value() % 8 != 0 || Long.compareUnsigned(sym.value(), s.size()) > 0
                        || Long.compareUnsigned(sym.size(), s.size() - sym.value()) > 0) {
                    throw fail("function " + sym.name() + " lies outside section " + s.name());
                }
                int start = (int) (sym.value() / 8);
                long size = sym.size() > 0 ? sym.size() : s.size() - sym.value();
                fs.put(start, new Func(sym.name(), s.index(), start, start + (int) (size / 8), !sym.isLocal()));
            }
            if (fs.isEmpty()) {
                // no symbols (hand-assembled object): the section is one program named after it
                fs.put(0, new Func(s.name().replaceAll("[^A-Za-z0-9_]", "_"), s.index(), 0, (int) (s.size() / 8), true));
            }
            funcs.put(s.index(), fs);
        }
    }

    private boolean isCode(int section) {
        return section > 0 && section < elf.sections().size() && elf.section(section).isExecutable();
    }

    private Func functionAt(int section, int insn, String from) {
        TreeMap<Integer, Func> fs = funcs.get(section);
        Func f = fs == null ? null : fs.get(insn);
        if (f == null) {
            throw fail(from + " calls instruction " + insn + " of section " + elf.section(section).name()
                    + ", where no function starts");
        }
        return f;
    }

    /** One appended function: where it came from and where it went in the linked program. */
    private record Placed(Func func, int at) {
    }

    private ProgramSpec link(Func main, ElfSection mainSection, SectionDef.Match match, String license, int kver) {
        List<Insn> out = new ArrayList<>();
        List<int[]> origin = new ArrayList<>(); // {section, insn index in section}
        Map<Func, Integer> placed = new java.util.IdentityHashMap<>(); // identity: no record hashCode bootstrap at start-up
        List<Placed> order = new ArrayList<>();
        append(main, out, origin, placed, order);
        List<ProgramSpec.Reference> refs = new ArrayList<>();
        String where = "program " + main.name();
        for (int i = 0; i < out.size(); i++) {
            Insn insn = out.get(i);
            int sec = origin.get(i)[0], idx = origin.get(i)[1];
            ElfRelocation r = relocs.getOrDefault(sec, Map.of()).get((long) idx * 8);
            // the address of a function (a bpf_loop callback): clang leaves src 0 and a relocation against code
            boolean funcRef = insn.isLoadImm64() && (insn.src() == Op.PSEUDO_FUNC || r != null
                    && isCode(symbol(r, where).sectionIndex()));
            if (funcRef && insn.src() != Op.PSEUDO_FUNC) {
                insn = insn.withSrc(Op.PSEUDO_FUNC);
                out.set(i, insn);
            }
            if (insn.isPseudoCall() || funcRef) {
                int tsec, tidx;
                if (r != null) {
                    ElfSymbol sym = symbol(r, where);
                    tsec = sym.sectionIndex();
                    if (insn.isPseudoCall()) {
                        tidx = (int) (sym.value() / 8) + insn.imm() + 1;
                    } else {
                        long byteOff = sym.value() + (sym.type() == ElfSymbol.STT_SECTION ? insn.imm() : 0);
                        tidx = (int) (byteOff / 8);
                    }
                } else {
                    tsec = sec;
                    tidx = idx + insn.imm() + 1;
                }
                Func target = functionAt(tsec, tidx, where);
                Integer pos = placed.get(target);
                if (pos == null) {
                    pos = append(target, out, origin, placed, order);
                }
                out.set(i, insn.withImm(pos - i - 1));
                if (funcRef) {
                    i++; // second slot of lddw
                }
                continue;
            }
            if (r == null) {
                if (insn.isLoadImm64()) {
                    i++;
                }
                continue;
            }
            ElfSymbol sym = symbol(r, where);
            if (insn.isLoadImm64()) {
                refs.add(dataReference(i, insn, sym, where));
                out.set(i, insn.withImm(0));
                i++;
            } else if (insn.opcode() == (Op.JMP | Op.CALL) && !sym.isDefined()) {
                refs.add(new ProgramSpec.Reference(i, ProgramSpec.Reference.Kind.KFUNC, sym.name(), 0));
            } else {
                throw fail(where + ": relocation against " + sym.name() + " at instruction " + i
                        + " is neither a 64-bit load nor a call (" + insn + ")");
            }
        }

        ProgramSpec.BtfInfo info = null;
        List<ProgramSpec.CoreRelocation> core = new ArrayList<>();
        if (ext != null) {
            info = btfInfo(order, core);
        }
        int flags = match.def().flags();
        return new ProgramSpec(main.name(), mainSection.name(), match.def().type(), match.def().attachType(),
                match.target(), out, license, kver, flags, info, true, refs, core);
    }

    private int append(Func f, List<Insn> out, List<int[]> origin, Map<Func, Integer> placed, List<Placed> order) {
        int at = out.size();
        placed.put(f, at);
        order.add(new Placed(f, at));
        ElfSection s = elf.section(f.section());
        for (int i = f.start(); i < f.end(); i++) {
            out.add(Insn.read(s.data(), (long) i * 8));
            origin.add(new int[] {f.section(), i});
        }
        return at;
    }

    private ElfSymbol symbol(ElfRelocation r, String where) {
        if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
            throw fail(where + ": relocation refers to symbol " + r.symbolIndex() + ", which does not exist");
        }
        return symbols.get(r.symbolIndex());
    }

    private ProgramSpec.Reference dataReference(int i, Insn insn, ElfSymbol sym, String where) {
        int sec = sym.sectionIndex();
        if (!sym.isDefined()) {
            if (kconfigOffsets.containsKey(sym.name())) {
                return new ProgramSpec.Reference(i, ProgramSpec.Reference.Kind.MAP_VALUE, KCONFIG,
                        kconfigOffsets.get(sym.name()));
            }
            return new ProgramSpec.Reference(i, ProgramSpec.Reference.Kind.KSYM, sym.name(), 0);
        }
        if (sec == mapsSection || sec == legacyMapsSection) {
            String mapName = sym.name();
            if (sym.type() == ElfSymbol.STT_SECTION || mapName.isEmpty()) {
                // a section symbol: find the map defined at that offset
                long off = insn.imm();
                mapName = symbols.stream().filter(x -> x.sectionIndex() == sec && x.value() == off && !x.name().isEmpty()
                        && x.type() != ElfSymbol.STT_SECTION).map(ElfSymbol::name).findFirst()
                        .orElseThrow(() -> fail(where + ": no map at offset " + off + " of " + elf.section(sec).name()));
            }
            if (!maps.containsKey(mapName)) {
                throw fail(where + ": refers to map " + mapName + ", which is not defined");
            }
            return new ProgramSpec.Reference(i, ProgramSpec.Reference.Kind.MAP, mapName, 0);
        }
        String dataMap = dataMaps.get(sec);
        if (dataMap != null) {
            long off = Integer.toUnsignedLong(insn.imm()) + (sym.type() == ElfSymbol.STT_SECTION ? 0 : sym.value());
            return new ProgramSpec.Reference(i, ProgramSpec.Reference.Kind.MAP_VALUE, dataMap, off);
        }
        throw fail(where + ": instruction " + i + " refers to " + (sym.name().isEmpty() ? "a symbol" : sym.name())
                + " in section " + elf.section(sec).name() + ", which is neither a map nor global data");
    }

    // ------------------------------------------------------------------ BTF.ext

    private ProgramSpec.BtfInfo btfInfo(List<Placed> order, List<ProgramSpec.CoreRelocation> core) {
        ByteBuffer fi = ByteBuffer.allocate(8 * 64).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer li = ByteBuffer.allocate(16 * 256).order(ByteOrder.LITTLE_ENDIAN);
        int fiCount = 0, liCount = 0;
        for (Placed p : order) {
            String sec = elf.section(p.func().section()).name();
            long lo = (long) p.func().start() * 8, hi = (long) p.func().end() * 8;
            for (BtfExt.FuncInfo f : ext.funcInfos().getOrDefault(sec, List.of())) {
                if (f.insnOff() >= lo && f.insnOff() < hi) {
                    fi = ensure(fi, 8);
                    fi.putInt((int) (p.at() + (f.insnOff() - lo) / 8)).putInt(f.typeId());
                    fiCount++;
                }
            }
            for (BtfExt.LineInfo l : ext.lineInfos().getOrDefault(sec, List.of())) {
                if (l.insnOff() >= lo && l.insnOff() < hi) {
                    li = ensure(li, 16);
                    li.putInt((int) (p.at() + (l.insnOff() - lo) / 8)).putInt(l.fileNameOff()).putInt(l.lineOff())
                            .putInt(l.lineCol());
                    liCount++;
                }
            }
            for (BtfExt.CoreRelo c : ext.coreRelos().getOrDefault(sec, List.of())) {
                if (c.insnOff() >= lo && c.insnOff() < hi) {
                    core.add(new ProgramSpec.CoreRelocation((int) (p.at() + (c.insnOff() - lo) / 8), c.typeId(),
                            c.accessString(), c.kind().value()));
                }
            }
        }
        if (fiCount == 0 && liCount == 0) {
            return null;
        }
        return new ProgramSpec.BtfInfo(java.util.Arrays.copyOf(fi.array(), fi.position()), 8, fiCount,
                java.util.Arrays.copyOf(li.array(), li.position()), 16, liCount);
    }

    private static ByteBuffer ensure(ByteBuffer b, int more) {
        if (b.remaining() >= more) {
            return b;
        }
        ByteBuffer n = ByteBuffer.allocate(b.capacity() * 2 + more).order(ByteOrder.LITTLE_ENDIAN);
        b.flip();
        n.put(b);
        return n;
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    static BtfException btfFail(String m) {
        return new BtfException(m);
    }
}
