package dev.ebee.link;

import dev.ebee.ElfException;
import dev.ebee.internal.elf.ElfFile;
import dev.ebee.internal.elf.ElfSection;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dynamic linker reads from an object's {@code .dynamic} section to load its libraries:
 * the DT_NEEDED sonames in order, and the DT_RUNPATH and DT_RPATH search paths. Read through
 * {@link ElfFile}'s section table; an entry that points outside its string table is an
 * {@link ElfException}, like every other malformation ElfFile reports.
 */
record DynamicSection(List<String> needed, List<String> runpath, List<String> rpath) {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ENTRY_SIZE = 16;
    private static final long DT_NULL = 0, DT_NEEDED = 1, DT_RPATH = 15, DT_RUNPATH = 29;

    DynamicSection {
        needed = List.copyOf(needed);
        runpath = List.copyOf(runpath);
        rpath = List.copyOf(rpath);
    }

    /** The entries of {@code elf}'s first SHT_DYNAMIC section; none for a static or relocatable file. */
    static DynamicSection of(ElfFile elf) {
        List<String> needed = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (s.type() != ElfSection.SHT_DYNAMIC) {
                continue;
            }
            ElfSection strings = elf.section(s.link());
            MemorySegment d = s.data();
            for (long e = 0; e + ENTRY_SIZE <= d.byteSize(); e += ENTRY_SIZE) {
                long tag = d.get(U64, e);
                long value = d.get(U64, e + 8);
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_NEEDED) {
                    needed.add(string(elf, strings, value));
                } else if (tag == DT_RUNPATH) {
                    runpath.addAll(List.of(string(elf, strings, value).split(":")));
                } else if (tag == DT_RPATH) {
                    rpath.addAll(List.of(string(elf, strings, value).split(":")));
                }
            }
            break;
        }
        return new DynamicSection(needed, runpath, rpath);
    }

    /**
     * The directories the dynamic linker searches first for this object's DT_NEEDED libraries:
     * DT_RUNPATH, or DT_RPATH when there is no DT_RUNPATH (ld.so ignores DT_RPATH then), with
     * {@code $ORIGIN} standing for {@code origin}, the directory of the object. Entries with other
     * dynamic string tokens ({@code $LIB}, {@code $PLATFORM}) are left out: what they expand to
     * depends on the loading process.
     */
    List<Path> searchPath(Path origin) {
        List<Path> dirs = new ArrayList<>();
        for (String entry : runpath.isEmpty() ? rpath : runpath) {
            String dir = entry.replace("${ORIGIN}", origin.toString()).replace("$ORIGIN", origin.toString());
            if (!dir.isEmpty() && dir.indexOf('$') < 0) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }

    private static String string(ElfFile elf, ElfSection table, long offset) {
        MemorySegment t = table.data();
        if (offset < 0 || offset >= t.byteSize()) {
            throw new ElfException(elf.name() + ": dynamic entry string offset " + Long.toUnsignedString(offset)
                    + " is outside " + table);
        }
        long end = offset;
        while (end < t.byteSize() && t.get(ValueLayout.JAVA_BYTE, end) != 0) {
            end++;
        }
        if (end == t.byteSize()) {
            throw new ElfException(elf.name() + ": dynamic entry string at offset " + offset + " of " + table
                    + " is not NUL-terminated");
        }
        return new String(t.asSlice(offset, end - offset).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
