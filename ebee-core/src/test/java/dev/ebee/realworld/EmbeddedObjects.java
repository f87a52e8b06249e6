package dev.ebee.realworld;

import dev.ebee.internal.elf.ElfFile;
import dev.ebee.internal.elf.ElfSection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the BPF objects a libbpf skeleton embeds in an executable: ELF images (machine EM_BPF)
 * inside the program's read-only data. Real-world objects, built by a distribution, with no source.
 */
public final class EmbeddedObjects {
    private EmbeddedObjects() {
    }

    public static List<byte[]> in(Path executable) {
        byte[] exe;
        try {
            exe = Files.readAllBytes(executable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ElfFile host = ElfFile.parse(executable.toString(), exe);
        List<byte[]> out = new ArrayList<>();
        for (ElfSection s : host.sections()) {
            if (!s.name().equals(".rodata") && !s.name().equals(".data")) {
                continue;
            }
            int from = (int) s.offset(), to = (int) (s.offset() + s.size());
            for (int i = from; i + 64 <= to; i++) {
                if (exe[i] != 0x7f || exe[i + 1] != 'E' || exe[i + 2] != 'L' || exe[i + 3] != 'F') {
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(exe, i, 64).slice().order(ByteOrder.LITTLE_ENDIAN);
                if (b.get(4) != 2 || b.getShort(18) != 247) { // ELFCLASS64, EM_BPF
                    continue;
                }
                long shoff = b.getLong(0x28);
                int shentsize = Short.toUnsignedInt(b.getShort(0x3a)), shnum = Short.toUnsignedInt(b.getShort(0x3c));
                long size = shoff + (long) shentsize * shnum;
                if (size <= 64 || i + size > to) {
                    continue;
                }
                out.add(Arrays.copyOfRange(exe, i, (int) (i + size)));
                i += (int) size - 1;
            }
        }
        return out;
    }
}
