package dev.ebee.cli.bashreadline;

import dev.ebee.EbeeException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Just enough of a 64-bit little-endian ELF file to place a uprobe: defined function symbols
 * (from .symtab and .dynsym), their file offsets, and the DT_NEEDED / DT_RUNPATH entries.
 * Every read is bounds-checked; a malformed file gives an {@link EbeeException}.
 */
final class ElfSymbols {
    private static final int SHT_SYMTAB = 2, SHT_DYNAMIC = 6, SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2, STT_GNU_IFUNC = 10;
    private static final int PT_LOAD = 1;
    private static final long DT_NEEDED = 1, DT_RPATH = 15, DT_RUNPATH = 29;

    private final Path path;
    private final MemorySegment m;

    private ElfSymbols(Path path, MemorySegment m) {
        this.path = path;
        this.m = m;
    }

    /** Reads the file and calls {@code body} with it while mapped. */
    static <T> T with(Path path, java.util.function.Function<ElfSymbols, T> body) {
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 64) {
                throw notElf(path);
            }
            MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            ElfSymbols elf = new ElfSymbols(path, m);
            elf.checkHeader();
            return body.apply(elf);
        } catch (NoSuchFileException e) {
            throw new EbeeException("no such file: " + path);
        } catch (IOException e) {
            throw new EbeeException("cannot read " + path + ": " + e.getMessage());
        } catch (IndexOutOfBoundsException e) {
            throw new EbeeException("malformed ELF file: " + path);
        }
    }

    private static EbeeException notElf(Path path) {
        return new EbeeException("not a 64-bit little-endian ELF file: " + path);
    }

    private void checkHeader() {
        if (m.get(JAVA_BYTE, 0) != 0x7f || m.get(JAVA_BYTE, 1) != 'E' || m.get(JAVA_BYTE, 2) != 'L'
                || m.get(JAVA_BYTE, 3) != 'F' || m.get(JAVA_BYTE, 4) != 2 || m.get(JAVA_BYTE, 5) != 1) {
            throw notElf(path);
        }
    }

    private record Section(int type, long offset, long size, int link, long entsize) {
    }

    private List<Section> sections() {
        long shoff = m.get(JAVA_LONG_UNALIGNED, 0x28);
        int shentsize = Short.toUnsignedInt(m.get(JAVA_SHORT_UNALIGNED, 0x3A));
        int shnum = Short.toUnsignedInt(m.get(JAVA_SHORT_UNALIGNED, 0x3C));
        List<Section> list = new ArrayList<>(shnum);
        if (shoff <= 0 || shentsize < 64) {
            return list;
        }
        for (int i = 0; i < shnum; i++) {
            long h = shoff + (long) i * shentsize;
            list.add(new Section(m.get(JAVA_INT_UNALIGNED, h + 4), m.get(JAVA_LONG_UNALIGNED, h + 24),
                    m.get(JAVA_LONG_UNALIGNED, h + 32), m.get(JAVA_INT_UNALIGNED, h + 40),
                    m.get(JAVA_LONG_UNALIGNED, h + 56)));
        }
        return list;
    }

    private String string(Section strtab, long index) {
        if (index < 0 || index >= strtab.size()) {
            return "";
        }
        long start = strtab.offset() + index;
        long end = Math.min(strtab.offset() + strtab.size(), m.byteSize());
        long i = start;
        while (i < end && m.get(JAVA_BYTE, i) != 0) {
            i++;
        }
        byte[] b = new byte[(int) (i - start)];
        MemorySegment.copy(m, JAVA_BYTE, start, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The address (st_value) of a defined function named {@code name}, or -1. */
    long functionAddress(String name) {
        List<Section> secs = sections();
        for (Section s : secs) {
            if ((s.type() != SHT_SYMTAB && s.type() != SHT_DYNSYM) || s.entsize() < 24
                    || s.link() < 0 || s.link() >= secs.size()) {
                continue;
            }
            Section strtab = secs.get(s.link());
            long n = s.size() / s.entsize();
            for (long i = 1; i < n; i++) {
                long e = s.offset() + i * s.entsize();
                int type = m.get(JAVA_BYTE, e + 4) & 0xf;
                int shndx = Short.toUnsignedInt(m.get(JAVA_SHORT_UNALIGNED, e + 6));
                long value = m.get(JAVA_LONG_UNALIGNED, e + 8);
                if ((type == STT_FUNC || type == STT_GNU_IFUNC) && shndx != 0 && value != 0
                        && name.equals(string(strtab, Integer.toUnsignedLong(m.get(JAVA_INT_UNALIGNED, e))))) {
                    return value;
                }
            }
        }
        return -1;
    }

    /** The file offset of a virtual address, through the PT_LOAD segment holding it, or -1. */
    long fileOffset(long vaddr) {
        long phoff = m.get(JAVA_LONG_UNALIGNED, 0x20);
        int phentsize = Short.toUnsignedInt(m.get(JAVA_SHORT_UNALIGNED, 0x36));
        int phnum = Short.toUnsignedInt(m.get(JAVA_SHORT_UNALIGNED, 0x38));
        if (phentsize < 56) {
            return -1;
        }
        for (int i = 0; i < phnum; i++) {
            long h = phoff + (long) i * phentsize;
            if (m.get(JAVA_INT_UNALIGNED, h) != PT_LOAD) {
                continue;
            }
            long off = m.get(JAVA_LONG_UNALIGNED, h + 8);
            long va = m.get(JAVA_LONG_UNALIGNED, h + 16);
            long filesz = m.get(JAVA_LONG_UNALIGNED, h + 32);
            if (vaddr >= va && vaddr < va + filesz) {
                return vaddr - va + off;
            }
        }
        return -1;
    }

    /** DT_NEEDED names, in order. */
    List<String> needed() {
        return dynamicStrings(DT_NEEDED);
    }

    /** DT_RUNPATH and DT_RPATH directories (colon-separated lists, split). */
    List<String> runpath() {
        List<String> dirs = new ArrayList<>();
        for (String s : dynamicStrings(DT_RUNPATH)) {
            dirs.addAll(List.of(s.split(":")));
        }
        for (String s : dynamicStrings(DT_RPATH)) {
            dirs.addAll(List.of(s.split(":")));
        }
        return dirs;
    }

    private List<String> dynamicStrings(long tag) {
        List<String> out = new ArrayList<>();
        List<Section> secs = sections();
        for (Section s : secs) {
            if (s.type() != SHT_DYNAMIC || s.link() < 0 || s.link() >= secs.size()) {
                continue;
            }
            Section strtab = secs.get(s.link());
            for (long e = s.offset(); e + 16 <= s.offset() + s.size(); e += 16) {
                long t = m.get(JAVA_LONG_UNALIGNED, e);
                if (t == 0) {
                    break;
                }
                if (t == tag) {
                    out.add(string(strtab, m.get(JAVA_LONG_UNALIGNED, e + 8)));
                }
            }
        }
        return out;
    }
}
