package dev.ebee.bpf2java;

import dev.ebee.EbeeException;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfType;
import dev.ebee.internal.elf.ElfFile;
import dev.ebee.internal.elf.ElfSection;
import dev.ebee.internal.elf.ElfSymbol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what bpf2java needs from a BPF object: programs from the ELF symbols, maps, constants and
 * event types from the object's BTF ({@code .BTF}).
 *
 * <p>Event types, the structs user space reads from ring buffers and perf event arrays, cannot be
 * seen in BTF (the program passes a size to {@code bpf_ringbuf_reserve}, not a type). They are
 * <ul>
 *   <li>the structs named in {@code eventNames} (the plugin's {@code <events>}), and</li>
 *   <li>every struct or union that is the type, or the pointee, of a global variable outside
 *       {@code .maps}: libbpf-style objects declare {@code struct event *unused __attribute__((unused));}
 *       or {@code const struct event *unused_event;} to make clang emit the type.</li>
 * </ul>
 */
public final class ObjectReader {
    private static final int MAX_DEPTH = 64;

    private final Btf btf;
    private final String file;

    private ObjectReader(Btf btf, String file) {
        this.btf = btf;
        this.file = file;
    }

    /**
     * Reads {@code object}.
     *
     * @param sourceName the name to report (the .bpf.c or .o file)
     * @param object     the ELF object's bytes
     * @param eventNames struct names to generate records for in any case
     */
    public static BpfObjectModel read(String sourceName, byte[] object, List<String> eventNames) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(sourceName, object);
        } catch (EbeeException e) {
            throw new Bpf2JavaException(sourceName + " is not a readable ELF object: " + e.getMessage(),
                    "give bpf2java an object compiled with clang -target bpf -g", e);
        }
        if (elf.machine() != ElfFile.EM_BPF) {
            throw new Bpf2JavaException(sourceName + " is not a BPF object (ELF machine " + elf.machine() + ")",
                    "compile it with clang -target bpf");
        }
        ElfSection btfSection = elf.section(".BTF").orElseThrow(() -> new Bpf2JavaException(
                sourceName + " has no .BTF section, so bpf2java cannot see its types", "compile it with clang -g"));
        Btf btf;
        try {
            btf = Btf.parse(sourceName, btfSection.bytes());
        } catch (EbeeException e) {
            throw new Bpf2JavaException(sourceName + ": cannot parse .BTF: " + e.getMessage(), null, e);
        }
        return new ObjectReader(btf, sourceName).model(sourceName, elf, eventNames);
    }

    private BpfObjectModel model(String sourceName, ElfFile elf, List<String> eventNames) {
        List<BpfObjectModel.Program> programs = new ArrayList<>();
        Map<String, Map<String, Long>> symbolOffsets = new LinkedHashMap<>();
        for (ElfSymbol sym : elf.symbols()) {
            int shndx = sym.sectionIndex();
            if (shndx <= 0 || shndx >= ElfSymbol.SHN_LORESERVE || shndx >= elf.sections().size() || sym.name().isEmpty()) {
                continue;
            }
            ElfSection sec = elf.section(shndx);
            if (sym.type() == ElfSymbol.STT_FUNC && sec.isExecutable() && !sec.name().equals(".text")
                    && sym.bind() != ElfSymbol.STB_LOCAL) {
                programs.add(new BpfObjectModel.Program(sym.name(), sec.name()));
            } else if (sym.type() == ElfSymbol.STT_OBJECT || sym.type() == ElfSymbol.STT_NOTYPE) {
                symbolOffsets.computeIfAbsent(sec.name(), k -> new LinkedHashMap<>()).put(sym.name(), sym.value());
            }
        }
        List<BpfObjectModel.MapDef> maps = new ArrayList<>();
        List<BpfObjectModel.Variable> constants = new ArrayList<>();
        List<BpfObjectModel.Variable> globals = new ArrayList<>();
        Set<CType.Struct> events = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        for (int id = 1; id < btf.typeCount(); id++) {
            if (!(btf.type(id) instanceof BtfType.Datasec ds)) {
                continue;
            }
            for (BtfType.VarSecinfo vs : ds.vars()) {
                if (!(btf.type(vs.type()) instanceof BtfType.Var var)) {
                    continue;
                }
                if (ds.name().equals(".maps")) {
                    maps.add(map(var));
                    continue;
                }
                long offset = Optional.ofNullable(symbolOffsets.get(ds.name())).map(m -> m.get(var.name()))
                        .orElse((long) vs.offset());
                if (ds.name().startsWith(".rodata") && var.linkage() == BtfType.LINKAGE_GLOBAL) {
                    constants.add(new BpfObjectModel.Variable(var.name(), ds.name(), offset,
                            convert(var.type(), "constant " + var.name(), 0)));
                }
                if (ds.name().equals(".kconfig") || ds.name().equals(".ksyms")) {
                    continue;
                }
                if ((ds.name().startsWith(".data") || ds.name().startsWith(".bss")) && var.linkage() == BtfType.LINKAGE_GLOBAL
                        && !(btf.type(btf.resolve(var.type())) instanceof BtfType.Ptr)) {
                    globals.add(new BpfObjectModel.Variable(var.name(), ds.name(), offset,
                            convert(var.type(), "global " + var.name(), 0)));
                }
                int t = btf.resolve(var.type());
                if (btf.type(t) instanceof BtfType.Ptr p) {
                    t = btf.resolve(p.type());
                }
                if (btf.type(t) instanceof BtfType.Composite comp) {
                    CType c = convert(t, "global " + var.name(), 0);
                    if (c instanceof CType.Struct s) {
                        events.add(s);
                    } else if (c instanceof CType.Unsupported u && !(btf.type(btf.resolve(var.type())) instanceof BtfType.Composite)) {
                        // a pointer global to a struct Java cannot map (a kernel struct, say): no record, no failure
                        warnings.add("no record for " + (comp instanceof BtfType.Union ? "union " : "struct ")
                                + comp.name() + " (the pointee of global " + var.name() + "): cannot map '" + u.cName()
                                + "' (" + u.why() + "); name it in <events> to make this an error");
                    }
                }
            }
        }
        for (String name : eventNames) {
            int found = -1;
            for (int id : btf.typesByName(name)) {
                if (btf.type(id) instanceof BtfType.Composite) {
                    found = id;
                    break;
                }
            }
            if (found < 0) {
                throw new Bpf2JavaException("event struct '" + name + "' (configured in <events>) is not in the BTF of "
                        + sourceName, "clang emits only the types the program uses; declare a global such as "
                        + "'struct " + name + " *unused_" + name + " __attribute__((unused));' in the .bpf.c");
            }
            CType c = convert(found, "event " + name, 0);
            if (c instanceof CType.Unsupported u) {
                throw JavaGenerator.unsupported(u, "event struct " + name + " (configured in <events>)");
            }
            events.add((CType.Struct) c);
        }
        // declaration order: clang lists DATASEC variables in no particular order, the symbols have the offsets
        Map<String, Long> mapOffsets = symbolOffsets.getOrDefault(".maps", Map.of());
        maps.sort(java.util.Comparator.comparingLong(m -> mapOffsets.getOrDefault(m.name(), Long.MAX_VALUE)));
        constants.sort(java.util.Comparator.comparing(BpfObjectModel.Variable::section)
                .thenComparingLong(BpfObjectModel.Variable::offset));
        globals.sort(java.util.Comparator.comparing(BpfObjectModel.Variable::section)
                .thenComparingLong(BpfObjectModel.Variable::offset));
        return new BpfObjectModel(sourceName, programs, maps, constants, globals, List.copyOf(events), warnings);
    }

    private BpfObjectModel.MapDef map(BtfType.Var var) {
        int t = btf.resolve(var.type());
        if (!(btf.type(t) instanceof BtfType.Struct def)) {
            throw new Bpf2JavaException(file + ": map '" + var.name() + "' in .maps is not a struct",
                    "declare maps as struct { __uint(type, ...); ... } name SEC(\".maps\");");
        }
        int type = 0;
        long maxEntries = 0, keySize = 0, valueSize = 0;
        CType key = null, value = null;
        for (BtfType.Member m : def.members()) {
            int mt = btf.resolve(m.type());
            if (!(btf.type(mt) instanceof BtfType.Ptr p)) {
                continue;
            }
            switch (m.name()) {
                case "type" -> type = (int) uintValue(p);
                case "max_entries" -> maxEntries = uintValue(p);
                case "key_size" -> keySize = uintValue(p);
                case "value_size" -> valueSize = uintValue(p);
                case "key" -> {
                    key = convert(p.type(), "map " + var.name() + " key", 0);
                    keySize = key.byteSize();
                }
                case "value" -> {
                    value = convert(p.type(), "map " + var.name() + " value", 0);
                    valueSize = value.byteSize();
                }
                default -> {
                }
            }
        }
        return new BpfObjectModel.MapDef(var.name(), type, key, value, keySize, valueSize, maxEntries);
    }

    /** {@code __uint(name, N)} is {@code int (*name)[N]}. */
    private long uintValue(BtfType.Ptr p) {
        if (btf.type(btf.resolve(p.type())) instanceof BtfType.Array a) {
            return Integer.toUnsignedLong(a.nelems());
        }
        return 0;
    }

    /** The layout of type {@code id}, with typedefs and qualifiers peeled off. */
    CType convert(int id, String where, int depth) {
        if (depth > MAX_DEPTH) {
            return new CType.Unsupported("type " + id, "nested more than " + MAX_DEPTH + " levels");
        }
        String typedefName = null;
        int rid = id;
        for (int i = 0; i < MAX_DEPTH; i++) {
            BtfType t = btf.type(rid);
            if (t instanceof BtfType.Typedef td) {
                if (typedefName == null) {
                    typedefName = td.name();
                }
                rid = td.type();
            } else if (t instanceof BtfType.Qualifier q) {
                rid = q.type();
            } else {
                break;
            }
        }
        BtfType t = btf.type(rid);
        return switch (t) {
            case BtfType.Int i when i.size() != 1 && i.size() != 2 && i.size() != 4 && i.size() != 8 ->
                    new CType.Unsupported(typedefName != null ? typedefName : i.name(), i.size() * 8 + "-bit integer");
            case BtfType.Int i -> new CType.Int(typedefName != null ? typedefName : i.name(), i.size(), i.signed(),
                    i.isChar() || i.size() == 1 && i.name().equals("char"), i.isBool());
            case BtfType.Float f -> f.size() == 4 || f.size() == 8
                    ? new CType.Float(typedefName != null ? typedefName : f.name(), f.size())
                    : new CType.Unsupported(f.name(), f.size() * 8 + "-bit floating point");
            case BtfType.Ptr p -> new CType.Pointer(typedefName != null ? typedefName : pointeeName(p.type()) + " *");
            case BtfType.Array a -> {
                CType elem = convert(a.type(), where, depth + 1);
                if (elem instanceof CType.Unsupported) {
                    yield elem;
                }
                yield new CType.Array(elem, Integer.toUnsignedLong(a.nelems()));
            }
            case BtfType.Composite c -> {
                List<CType.Member> members = new ArrayList<>();
                for (BtfType.Member m : c.members()) {
                    String mwhere = where + "." + (m.name().isEmpty() ? "<anonymous>" : m.name());
                    CType mt = convert(m.type(), mwhere, depth + 1);
                    if (mt instanceof CType.Unsupported u) {
                        yield new CType.Unsupported(u.cName(), u.why() + ", in " + (c instanceof BtfType.Union ? "union " : "struct ")
                                + (c.name().isEmpty() ? "<anonymous>" : c.name()) + " member '"
                                + (m.name().isEmpty() ? "<anonymous>" : m.name()) + "'");
                    }
                    long bitOffset = Integer.toUnsignedLong(m.bitOffset());
                    int bits = m.bitfieldSize();
                    if (bits == 0 && btf.type(btf.resolve(m.type())) instanceof BtfType.Int legacy
                            && (legacy.bits() != legacy.size() * 8 || legacy.offset() != 0)) {
                        bits = legacy.bits();
                        bitOffset += legacy.offset();
                    }
                    if (bits == 0 && bitOffset % 8 != 0) {
                        yield new CType.Unsupported(mt.cName(), "member at bit offset " + bitOffset + ", in "
                                + c.name() + " member '" + m.name() + "'");
                    }
                    members.add(new CType.Member(m.name(), mt, bitOffset, bits));
                }
                yield new CType.Struct(c.name(), c.size(), c instanceof BtfType.Union, members);
            }
            case BtfType.AnyEnum e -> {
                List<CType.EnumValue> values = new ArrayList<>();
                for (BtfType.EnumValue v : e.values()) {
                    values.add(new CType.EnumValue(v.name(), v.value()));
                }
                yield new CType.Enum(e.name(), e.size(), e.signed(), values);
            }
            case BtfType.Void v -> new CType.Unsupported("void", "no size");
            case BtfType.Fwd f -> new CType.Unsupported((f.union() ? "union " : "struct ") + f.name(),
                    "declared but not defined in this object");
            case BtfType.FuncProto fp -> new CType.Unsupported("function", "a function type has no data layout");
            default -> new CType.Unsupported(t.kindName() + " " + t.name(), "BTF kind " + t.kindName() + " is not a data type");
        };
    }

    private String pointeeName(int id) {
        for (int i = 0; i < MAX_DEPTH; i++) {
            BtfType t = btf.type(id);
            switch (t) {
                case BtfType.Void v -> {
                    return "void";
                }
                case BtfType.Qualifier q -> id = q.type();
                case BtfType.Ptr p -> {
                    return pointeeName(p.type()) + " *";
                }
                case BtfType.Composite c -> {
                    return (c instanceof BtfType.Union ? "union " : "struct ") + c.name();
                }
                case BtfType.AnyEnum e -> {
                    return "enum " + e.name();
                }
                case BtfType.Fwd f -> {
                    return (f.union() ? "union " : "struct ") + f.name();
                }
                case BtfType.FuncProto fp -> {
                    return "function";
                }
                default -> {
                    return t.name().isEmpty() ? t.kindName().toLowerCase(java.util.Locale.ROOT) : t.name();
                }
            }
        }
        return "?";
    }
}
