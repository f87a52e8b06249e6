package dev.ebee.internal.elf;

import dev.ebee.ElfException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed ELF64 little-endian file. Every offset and size read from the file is checked against
 * its bounds: a truncated or hostile file yields {@link ElfException} naming the file and what is
 * wrong. Section headers and program headers are read eagerly; symbols, relocations and notes on
 * first use.
 */
public final class ElfFile {
    public static final int ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    public static final int EM_X86_64 = 62, EM_AARCH64 = 183, EM_BPF = 247;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int EHDR_SIZE = 64, SHDR_SIZE = 64, PHDR_SIZE = 56, SYM_SIZE = 24, REL_SIZE = 16,
            RELA_SIZE = 24;

    private final String name;
    private final MemorySegment seg;
    private final int type;
    private final int machine;
    private final int osAbi;
    private final long entry;
    private final int flags;
    private final List<ElfSection> sections;
    private final List<ElfProgramHeader> programHeaders;
    private final Map<String, ElfSection> sectionsByName;
    private List<ElfSymbol> symbols;
    private List<ElfSymbol> dynamicSymbols;
    private List<ElfRelocationSection> relocationSections;

    private ElfFile(String name, MemorySegment seg) {
        this.name = name;
        this.seg = seg.asReadOnly();
        if (seg.byteSize() < EHDR_SIZE) {
            throw fail("file is " + seg.byteSize() + " bytes, shorter than an ELF header");
        }
        if (u8(0) != 0x7f || u8(1) != 'E' || u8(2) != 'L' || u8(3) != 'F') {
            throw fail("not an ELF file (bad magic)");
        }
        if (u8(4) != 2) {
            throw fail("not a 64-bit ELF file (class " + u8(4) + "); only ELF64 is supported");
        }
        if (u8(5) != 1) {
            throw fail("not a little-endian ELF file (data encoding " + u8(5) + ")");
        }
        if (u8(6) != 1) {
            throw fail("unknown ELF version " + u8(6));
        }
        osAbi = u8(7);
        type = u16(16);
        machine = u16(18);
        entry = u64(24);
        long phoff = u64(32);
        long shoff = u64(40);
        flags = u32(48);
        int phentsize = u16(54);
        long phnum = u16(56);
        int shentsize = u16(58);
        long shnum = u16(60);
        int shstrndx = u16(62);

        // Extended numbering: section 0 carries the real counts.
        if (shoff != 0 && (shnum == 0 || shstrndx == ElfSymbol.SHN_XINDEX || phnum == 0xffff)) {
            checkRange(shoff, SHDR_SIZE, "section header 0");
            if (shnum == 0) {
                shnum = u64(shoff + 32);
            }
            if (shstrndx == ElfSymbol.SHN_XINDEX) {
                shstrndx = u32(shoff + 40);
            }
            if (phnum == 0xffff) {
                phnum = u32(shoff + 44) & 0xffffffffL;
            }
        }

        List<ElfProgramHeader> phdrs = new ArrayList<>();
        if (phnum > 0 && phoff != 0) {
            if (phentsize < PHDR_SIZE) {
                throw fail("program header entry size " + phentsize + " is less than " + PHDR_SIZE);
            }
            checkTable(phoff, phnum, phentsize, "program header table");
            for (long i = 0; i < phnum; i++) {
                long o = phoff + i * phentsize;
                phdrs.add(new ElfProgramHeader(u32(o), u32(o + 4), u64(o + 8), u64(o + 16), u64(o + 24),
                        u64(o + 32), u64(o + 40), u64(o + 48)));
            }
        }
        programHeaders = Collections.unmodifiableList(phdrs);

        List<ElfSection> secs = new ArrayList<>();
        Map<String, ElfSection> byName = new HashMap<>();
        if (shnum > 0 && shoff != 0) {
            if (shentsize < SHDR_SIZE) {
                throw fail("section header entry size " + shentsize + " is less than " + SHDR_SIZE);
            }
            checkTable(shoff, shnum, shentsize, "section header table");
            if (shstrndx >= shnum) {
                throw fail("section name table index " + shstrndx + " is out of range (" + shnum + " sections)");
            }
            long strOff = shoff + (long) shstrndx * shentsize;
            long namesOffset = u64(strOff + 24);
            long namesSize = u32(strOff + 4) == ElfSection.SHT_NOBITS ? 0 : u64(strOff + 32);
            if (shstrndx != 0) {
                checkRange(namesOffset, namesSize, "section name table");
            }
            for (int i = 0; i < shnum; i++) {
                long o = shoff + (long) i * shentsize;
                int nameOff = u32(o);
                int stype = u32(o + 4);
                long sflags = u64(o + 8);
                long addr = u64(o + 16);
                long off = u64(o + 24);
                long size = u64(o + 32);
                int link = u32(o + 40);
                int info = u32(o + 44);
                long align = u64(o + 48);
                long entsize = u64(o + 56);
                String sname = shstrndx == 0 ? "" : string(namesOffset, namesSize, nameOff, "section " + i + " name");
                MemorySegment data;
                if (stype == ElfSection.SHT_NOBITS || stype == ElfSection.SHT_NULL) {
                    data = MemorySegment.ofArray(new byte[0]);
                } else {
                    checkRange(off, size, "section " + i + " '" + sname + "' contents");
                    data = this.seg.asSlice(off, size);
                }
                ElfSection s = new ElfSection(i, sname, stype, sflags, addr, off, size, link, info, align, entsize, data);
                secs.add(s);
                if (!sname.isEmpty()) {
                    byName.putIfAbsent(sname, s);
                }
            }
        }
        sections = Collections.unmodifiableList(secs);
        sectionsByName = byName;
    }

    /** Parses {@code data}; {@code name} identifies the file in error messages. */
    public static ElfFile parse(String name, byte[] data) {
        return new ElfFile(name, MemorySegment.ofArray(data));
    }

    /** Parses a segment (heap or native); it must stay alive as long as this object is used. */
    public static ElfFile parse(String name, MemorySegment data) {
        return new ElfFile(name, data);
    }

    /** Files at least this large are mapped rather than read. */
    private static final long MAP_THRESHOLD = 16 << 20;

    /**
     * Reads and parses a file. Large files (executables of hundreds of megabytes) are mapped
     * read-only instead of read, so a symbol lookup touches only the pages it needs; the mapping
     * is released when this object becomes unreachable.
     */
    public static ElfFile open(Path path) {
        try {
            long size = Files.size(path);
            if (size >= MAP_THRESHOLD) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
                    return parse(path.toString(), ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size,
                            java.lang.foreign.Arena.ofAuto()));
                }
            }
            return parse(path.toString(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new ElfException(path + ": cannot read: " + e.getMessage(), "check that the file exists and is readable", e);
        }
    }

    public String name() {
        return name;
    }

    /** e_type: {@link #ET_REL}, {@link #ET_EXEC}, {@link #ET_DYN}, ... */
    public int type() {
        return type;
    }

    /** e_machine: {@link #EM_X86_64}, {@link #EM_BPF}, ... */
    public int machine() {
        return machine;
    }

    public int osAbi() {
        return osAbi;
    }

    public long entry() {
        return entry;
    }

    public int flags() {
        return flags;
    }

    /** The whole file, read-only. */
    public MemorySegment data() {
        return seg;
    }

    public List<ElfSection> sections() {
        return sections;
    }

    public ElfSection section(int index) {
        if (index < 0 || index >= sections.size()) {
            throw fail("section index " + index + " is out of range (" + sections.size() + " sections)");
        }
        return sections.get(index);
    }

    /** The first section of that name. */
    public Optional<ElfSection> section(String sectionName) {
        return Optional.ofNullable(sectionsByName.get(sectionName));
    }

    public List<ElfProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** Symbols of .symtab (empty when stripped), in table order (index 0 is the null symbol). */
    public synchronized List<ElfSymbol> symbols() {
        if (symbols == null) {
            symbols = readSymbols(ElfSection.SHT_SYMTAB);
        }
        return symbols;
    }

    /** Symbols of .dynsym (empty when absent), in table order. */
    public synchronized List<ElfSymbol> dynamicSymbols() {
        if (dynamicSymbols == null) {
            dynamicSymbols = readSymbols(ElfSection.SHT_DYNSYM);
        }
        return dynamicSymbols;
    }

    /** The symbols of a given symbol table section (SHT_SYMTAB or SHT_DYNSYM). */
    public List<ElfSymbol> symbols(ElfSection table) {
        if (table.type() != ElfSection.SHT_SYMTAB && table.type() != ElfSection.SHT_DYNSYM) {
            throw fail(table + " is not a symbol table");
        }
        if (table.type() == ElfSection.SHT_SYMTAB && isFirst(table, ElfSection.SHT_SYMTAB)) {
            return symbols();
        }
        if (table.type() == ElfSection.SHT_DYNSYM && isFirst(table, ElfSection.SHT_DYNSYM)) {
            return dynamicSymbols();
        }
        return parseSymbolTable(table);
    }

    private boolean isFirst(ElfSection table, int stype) {
        for (ElfSection s : sections) {
            if (s.type() == stype) {
                return s == table;
            }
        }
        return false;
    }

    private List<ElfSymbol> readSymbols(int stype) {
        for (ElfSection s : sections) {
            if (s.type() == stype) {
                return parseSymbolTable(s);
            }
        }
        return List.of();
    }

    private List<ElfSymbol> parseSymbolTable(ElfSection s) {
        long entsize = s.entsize() == 0 ? SYM_SIZE : s.entsize();
        if (entsize < SYM_SIZE) {
            throw fail(s + ": symbol entry size " + entsize + " is less than " + SYM_SIZE);
        }
        if (s.size() % entsize != 0) {
            throw fail(s + ": size " + s.size() + " is not a multiple of the entry size " + entsize);
        }
        ElfSection strtab = linkedStringTable(s);
        long n = s.size() / entsize;
        boolean dyn = s.type() == ElfSection.SHT_DYNSYM;
        List<ElfSymbol> out = new ArrayList<>((int) Math.min(n, 1 << 20));
        for (int i = 0; i < n; i++) {
            long o = s.offset() + i * entsize;
            int nameOff = u32(o);
            int info = u8(o + 4);
            int other = u8(o + 5);
            int shndx = u16(o + 6);
            long value = u64(o + 8);
            long size = u64(o + 16);
            String sym = strtab == null ? "" : string(strtab.offset(), strtab.size(), nameOff, "symbol " + i + " name in " + s.name());
            out.add(new ElfSymbol(i, sym, value, size, info & 0xf, info >>> 4, other & 0x3, shndx, dyn));
        }
        return Collections.unmodifiableList(out);
    }

    private ElfSection linkedStringTable(ElfSection s) {
        if (s.link() == 0) {
            return null;
        }
        if (s.link() < 0 || s.link() >= sections.size()) {
            throw fail(s + ": linked string table index " + s.link() + " is out of range");
        }
        ElfSection t = sections.get(s.link());
        if (t.type() != ElfSection.SHT_STRTAB) {
            throw fail(s + ": linked section " + t + " is not a string table");
        }
        return t;
    }

    /** Every REL and RELA section, with its target section and symbol table. */
    public synchronized List<ElfRelocationSection> relocationSections() {
        if (relocationSections == null) {
            List<ElfRelocationSection> out = new ArrayList<>();
            for (ElfSection s : sections) {
                if (s.type() == ElfSection.SHT_REL || s.type() == ElfSection.SHT_RELA) {
                    out.add(parseRelocations(s));
                }
            }
            relocationSections = Collections.unmodifiableList(out);
        }
        return relocationSections;
    }

    /** The relocation sections that apply to {@code target}. */
    public List<ElfRelocationSection> relocationsFor(ElfSection target) {
        List<ElfRelocationSection> out = new ArrayList<>();
        for (ElfRelocationSection r : relocationSections()) {
            if (r.target() != null && r.target().index() == target.index()) {
                out.add(r);
            }
        }
        return out;
    }

    private ElfRelocationSection parseRelocations(ElfSection s) {
        boolean rela = s.type() == ElfSection.SHT_RELA;
        long min = rela ? RELA_SIZE : REL_SIZE;
        long entsize = s.entsize() == 0 ? min : s.entsize();
        if (entsize < min) {
            throw fail(s + ": relocation entry size " + entsize + " is less than " + min);
        }
        if (s.size() % entsize != 0) {
            throw fail(s + ": size " + s.size() + " is not a multiple of the entry size " + entsize);
        }
        ElfSection target = null;
        if (s.info() != 0 && (s.flags() & ElfSection.SHF_INFO_LINK) != 0 || s.info() != 0 && type == ET_REL) {
            if (s.info() < 0 || s.info() >= sections.size()) {
                throw fail(s + ": target section index " + s.info() + " is out of range");
            }
            target = sections.get(s.info());
        }
        ElfSection symtab = null;
        if (s.link() != 0) {
            if (s.link() < 0 || s.link() >= sections.size()) {
                throw fail(s + ": symbol table index " + s.link() + " is out of range");
            }
            symtab = sections.get(s.link());
        }
        long n = s.size() / entsize;
        List<ElfRelocation> out = new ArrayList<>((int) Math.min(n, 1 << 20));
        for (long i = 0; i < n; i++) {
            long o = s.offset() + i * entsize;
            long info = u64(o + 8);
            out.add(new ElfRelocation(u64(o), (int) (info >>> 32), (int) info, rela ? u64(o + 16) : 0));
        }
        return new ElfRelocationSection(s, target, symtab, rela, Collections.unmodifiableList(out));
    }

    /** Every note of every SHT_NOTE section. */
    public List<ElfNote> notes() {
        List<ElfNote> out = new ArrayList<>();
        for (ElfSection s : sections) {
            if (s.type() != ElfSection.SHT_NOTE) {
                continue;
            }
            long align = s.alignment() == 8 ? 8 : 4;
            long p = 0;
            long size = s.size();
            while (size - p >= 12) {
                long o = s.offset() + p;
                long namesz = u32(o) & 0xffffffffL;
                long descsz = u32(o + 4) & 0xffffffffL;
                int ntype = u32(o + 8);
                long nameStart = p + 12;
                long descStart = alignUp(nameStart + namesz, align);
                long next = alignUp(descStart + descsz, align);
                if (descStart + descsz > size) {
                    throw fail(s + ": note at " + p + " runs past the end of the section");
                }
                String nname = namesz == 0 ? "" : new String(bytes(s.offset() + nameStart, namesz), StandardCharsets.UTF_8);
                int nul = nname.indexOf('\0');
                if (nul >= 0) {
                    nname = nname.substring(0, nul);
                }
                out.add(new ElfNote(s.name(), nname, ntype, bytes(s.offset() + descStart, descsz)));
                p = next;
            }
        }
        return out;
    }

    /** The GNU build id, as lower-case hex, if the file has one. */
    public Optional<String> buildId() {
        for (ElfNote n : notes()) {
            if (n.type() == ElfNote.NT_GNU_BUILD_ID && n.name().equals("GNU")) {
                return Optional.of(java.util.HexFormat.of().formatHex(n.desc()));
            }
        }
        return Optional.empty();
    }

    /**
     * The defined symbol named {@code symbol}, looked up first in .dynsym, then in .symtab.
     * Versioned names in .symtab ({@code name@VERSION}, {@code name@@VERSION}) also match.
     */
    public Optional<ElfSymbol> findSymbol(String symbol) {
        Optional<ElfSymbol> s = find(dynamicSymbols(), dynamicIndex(), symbol);
        return s.isPresent() ? s : find(symbols(), staticIndex(), symbol);
    }

    private Map<String, ElfSymbol> dynamicByName;
    private Map<String, ElfSymbol> staticByName;

    private synchronized Map<String, ElfSymbol> dynamicIndex() {
        if (dynamicByName == null) {
            dynamicByName = index(dynamicSymbols());
        }
        return dynamicByName;
    }

    private synchronized Map<String, ElfSymbol> staticIndex() {
        if (staticByName == null) {
            staticByName = index(symbols());
        }
        return staticByName;
    }

    /** Defined symbols by exact name, the first of each name (a global one if any). */
    private static Map<String, ElfSymbol> index(List<ElfSymbol> table) {
        Map<String, ElfSymbol> m = new HashMap<>(table.size() * 2);
        for (ElfSymbol s : table) {
            if (!s.isDefined() || s.type() == ElfSymbol.STT_SECTION || s.type() == ElfSymbol.STT_FILE || s.name().isEmpty()) {
                continue;
            }
            ElfSymbol prev = m.putIfAbsent(s.name(), s);
            if (prev != null && prev.isLocal() && !s.isLocal()) {
                m.put(s.name(), s);
            }
        }
        return m;
    }

    private static Optional<ElfSymbol> find(List<ElfSymbol> table, Map<String, ElfSymbol> index, String symbol) {
        ElfSymbol exact = index.get(symbol);
        if (exact != null) {
            return Optional.of(exact);
        }
        return findVersioned(table, symbol);
    }

    private static Optional<ElfSymbol> findVersioned(List<ElfSymbol> table, String symbol) {
        ElfSymbol versioned = null;
        for (ElfSymbol s : table) {
            if (!s.isDefined() || s.type() == ElfSymbol.STT_SECTION || s.type() == ElfSymbol.STT_FILE) {
                continue;
            }
            if (s.name().equals(symbol)) {
                return Optional.of(s);
            }
            if (versioned == null && s.name().length() > symbol.length() && s.name().startsWith(symbol)
                    && s.name().charAt(symbol.length()) == '@') {
                versioned = s;
            }
        }
        return Optional.ofNullable(versioned);
    }

    /**
     * The file offset of {@code symbol}'s code, as uprobes take it: the symbol's virtual address
     * mapped through the PT_LOAD segments (or, without program headers, through its section).
     */
    public long symbolFileOffset(String symbol) {
        ElfSymbol s = findSymbol(symbol).orElseThrow(() -> new ElfException(
                name + ": no symbol '" + symbol + "' is defined in .dynsym or .symtab",
                "check the name (C++ names are mangled) and that the binary is not stripped of it; "
                        + "`nm -D " + name + "` lists the dynamic symbols"));
        return addressToFileOffset(s.value(), s);
    }

    /** Maps a virtual address to a file offset through the PT_LOAD segments. */
    public long addressToFileOffset(long va) {
        return addressToFileOffset(va, null);
    }

    private long addressToFileOffset(long va, ElfSymbol sym) {
        String what = sym == null ? "address 0x" + Long.toHexString(va) : "symbol '" + sym.name() + "' (0x" + Long.toHexString(va) + ")";
        if (sym != null && sym.sectionIndex() == ElfSymbol.SHN_ABS) {
            throw fail(what + " is absolute, not in the file");
        }
        boolean anyLoad = false;
        for (ElfProgramHeader p : programHeaders) {
            if (p.type() != ElfProgramHeader.PT_LOAD) {
                continue;
            }
            anyLoad = true;
            if (p.containsFileBacked(va)) {
                return p.offset() + (va - p.vaddr());
            }
        }
        if (sym != null && sym.sectionIndex() > 0 && sym.sectionIndex() < sections.size()) {
            ElfSection sec = sections.get(sym.sectionIndex());
            if (!sec.isNoBits()) {
                long rel = type == ET_REL ? va : va - sec.addr();
                if (rel >= 0 && rel < Math.max(sec.size(), 1)) {
                    return sec.offset() + rel;
                }
            }
        }
        throw fail(what + " is not in any " + (anyLoad ? "file-backed PT_LOAD segment" : "section"));
    }

    // ---- bounds-checked readers ----

    private ElfException fail(String what) {
        return new ElfException(name + ": " + what);
    }

    private void checkRange(long off, long len, String what) {
        if (off < 0 || len < 0 || off > seg.byteSize() || len > seg.byteSize() - off) {
            throw fail(what + " (offset " + Long.toUnsignedString(off) + ", size " + Long.toUnsignedString(len)
                    + ") lies outside the file of " + seg.byteSize() + " bytes");
        }
    }

    private void checkTable(long off, long count, long entsize, String what) {
        if (count < 0 || entsize <= 0 || count > seg.byteSize() / entsize + 1) {
            throw fail(what + " of " + count + " entries cannot fit in the file");
        }
        checkRange(off, count * entsize, what);
    }

    private int u8(long off) {
        checkRange(off, 1, "byte");
        return seg.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }

    private int u16(long off) {
        checkRange(off, 2, "16-bit field");
        return seg.get(U16, off) & 0xffff;
    }

    private int u32(long off) {
        checkRange(off, 4, "32-bit field");
        return seg.get(U32, off);
    }

    private long u64(long off) {
        checkRange(off, 8, "64-bit field");
        return seg.get(U64, off);
    }

    private byte[] bytes(long off, long len) {
        checkRange(off, len, "bytes");
        return seg.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE);
    }

    private String string(long tableOff, long tableSize, int index, String what) {
        long i = index & 0xffffffffL;
        if (i >= tableSize) {
            throw fail(what + ": string offset " + i + " is outside its table of " + tableSize + " bytes");
        }
        long start = tableOff + i;
        long end = tableOff + tableSize;
        long p = start;
        while (p < end && seg.get(ValueLayout.JAVA_BYTE, p) != 0) {
            p++;
        }
        if (p == end) {
            throw fail(what + ": string at offset " + i + " is not NUL-terminated");
        }
        return new String(seg.asSlice(start, p - start).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    @Override
    public String toString() {
        return "ELF " + name + " (type " + type + ", machine " + machine + ", " + sections.size() + " sections)";
    }
}
