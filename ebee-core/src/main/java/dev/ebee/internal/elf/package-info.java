/**
 * ELF64 little-endian reader for BPF objects and for uprobe symbol lookup.
 * <p>
 * {@link dev.ebee.internal.elf.ElfFile#parse(String, byte[])} / {@link dev.ebee.internal.elf.ElfFile#open(java.nio.file.Path)}
 * check every offset and size against the file: truncated or hostile input yields
 * {@link dev.ebee.ElfException} naming the file and the problem. Sections carry their
 * contents as read-only slices; symbols, relocations and notes are read on first use;
 * {@link dev.ebee.internal.elf.ElfFile#symbolFileOffset(String)} gives the file offset uprobes attach to.
 */
package dev.ebee.internal.elf;
