package dev.ebee.internal.elf;

/** One note: owner name (such as "GNU"), type, and descriptor bytes. */
public record ElfNote(String section, String name, int type, byte[] desc) {
    public static final int NT_GNU_BUILD_ID = 3;
}
