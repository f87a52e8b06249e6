package dev.ebee.btf;

import dev.ebee.EbeeException;
import dev.ebee.internal.elf.ElfFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** BTF read from a file the way {@code bpftool btf dump file} takes it. */
public final class BtfFiles {
    private static final Path KERNEL_BTF_DIR = Path.of("/sys/kernel/btf");

    private BtfFiles() {
    }

    /**
     * The BTF of {@code file}: the {@code .BTF} section of an ELF object (a clang-built BPF object,
     * a vmlinux), or raw BTF ({@code /sys/kernel/btf/vmlinux}; a module's file there is split BTF,
     * read on top of the kernel's).
     */
    public static Btf read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EbeeException("cannot read " + file + ": " + e.getMessage());
        }
        if (data.length >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F') {
            ElfFile elf = ElfFile.parse(file.toString(), data);
            return Btf.parse(file + " .BTF", elf.section(".BTF").orElseThrow(() ->
                    new EbeeException(file + " has no .BTF section", "compile it with clang -g")).bytes());
        }
        if (file.startsWith(KERNEL_BTF_DIR) && !file.equals(KERNEL_BTF_DIR.resolve("vmlinux"))) {
            return Btf.parse(file.toString(), data, KernelBtf.vmlinux()); // module BTF is split on top of vmlinux
        }
        return Btf.parse(file.toString(), data);
    }
}
