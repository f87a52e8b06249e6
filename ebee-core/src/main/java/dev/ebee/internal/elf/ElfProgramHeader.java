package dev.ebee.internal.elf;

/** One program header (segment). */
public record ElfProgramHeader(int type, int flags, long offset, long vaddr, long paddr, long fileSize,
                               long memSize, long alignment) {
    public static final int PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;

    /** Whether the virtual address lies in this segment's file-backed part. */
    public boolean containsFileBacked(long va) {
        return Long.compareUnsigned(va, vaddr) >= 0 && Long.compareUnsigned(va - vaddr, fileSize) < 0;
    }
}
