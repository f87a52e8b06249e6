package dev.ebee.internal.elf;

import java.lang.foreign.MemorySegment;

/**
 * One section header, with its contents as a read-only slice of the file. A {@code SHT_NOBITS}
 * section (such as {@code .bss}) has an empty {@link #data()} whatever its size.
 */
public record ElfSection(int index, String name, int type, long flags, long addr, long offset, long size,
                         int link, int info, long alignment, long entsize, MemorySegment data) {
    public static final int SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4,
            SHT_HASH = 5, SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9, SHT_DYNSYM = 11,
            SHT_INIT_ARRAY = 14, SHT_FINI_ARRAY = 15, SHT_GROUP = 17, SHT_SYMTAB_SHNDX = 18,
            SHT_LLVM_ADDRSIG = 0x6fff4c03, SHT_GNU_VERSYM = 0x6fffffff;
    public static final long SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_MERGE = 0x10,
            SHF_STRINGS = 0x20, SHF_INFO_LINK = 0x40, SHF_TLS = 0x400, SHF_COMPRESSED = 0x800;

    /** True for SHT_NOBITS: occupies memory at run time but no bytes in the file. */
    public boolean isNoBits() {
        return type == SHT_NOBITS;
    }

    public boolean isExecutable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    public boolean isWritable() {
        return (flags & SHF_WRITE) != 0;
    }

    public boolean isAlloc() {
        return (flags & SHF_ALLOC) != 0;
    }

    /** A copy of the contents. */
    public byte[] bytes() {
        return data.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Override
    public String toString() {
        return "section " + index + " '" + name + "' (type " + type + ", size " + size + ")";
    }
}
