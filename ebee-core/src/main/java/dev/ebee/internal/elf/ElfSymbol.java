package dev.ebee.internal.elf;

/**
 * One symbol of {@code .symtab} or {@code .dynsym}. {@code index} is its position in its table
 * (what relocations refer to); {@code sectionIndex} is {@code st_shndx} (0 = undefined,
 * {@link #SHN_ABS}, {@link #SHN_COMMON}, or a section index).
 */
public record ElfSymbol(int index, String name, long value, long size, int type, int bind, int visibility,
                        int sectionIndex, boolean dynamic) {
    public static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4,
            STT_COMMON = 5, STT_TLS = 6, STT_GNU_IFUNC = 10;
    public static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
    public static final int STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2, STV_PROTECTED = 3;
    public static final int SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2,
            SHN_XINDEX = 0xffff;

    public boolean isDefined() {
        return sectionIndex != SHN_UNDEF;
    }

    public boolean isFunction() {
        return type == STT_FUNC || type == STT_GNU_IFUNC;
    }

    public boolean isGlobal() {
        return bind == STB_GLOBAL;
    }

    public boolean isWeak() {
        return bind == STB_WEAK;
    }

    public boolean isLocal() {
        return bind == STB_LOCAL;
    }
}
