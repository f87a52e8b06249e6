/** ELF64 reader for BPF objects and for uprobe symbol lookup. */
package dev.ebee.elf;
