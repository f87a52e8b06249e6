package dev.ebee.internal.elf;

/**
 * One REL or RELA entry: at {@code offset} (in the target section for relocatable objects, a
 * virtual address otherwise), apply relocation {@code type} for symbol {@code symbolIndex} of the
 * linked symbol table. {@code addend} is 0 for REL entries (the addend is in place).
 */
public record ElfRelocation(long offset, int symbolIndex, int type, long addend) {
    /** BPF relocation types (R_BPF_*). */
    public static final int R_BPF_NONE = 0, R_BPF_64_64 = 1, R_BPF_64_ABS64 = 2, R_BPF_64_ABS32 = 3,
            R_BPF_64_NODYLD32 = 4, R_BPF_64_32 = 10;
}
