package dev.ebee.bpf2java;

import dev.ebee.EbeeException;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfCWriter;

/** Writes {@code vmlinux.h}, every type of a kernel's BTF as C declarations, for BPF C to include. */
final class VmlinuxHeader {
    private VmlinuxHeader() {
    }

    /** The C header for the BTF {@code raw} (named {@code name} in messages), written by ebee's {@link BtfCWriter}. */
    static String write(String name, byte[] raw) {
        StringBuilder sb = new StringBuilder();
        try {
            new BtfCWriter(Btf.parse(name, raw)).write(sb);
        } catch (EbeeException e) {
            throw new Bpf2JavaException("cannot write vmlinux.h from " + name + ": " + e.getMessage(),
                    "configure <btf> with a valid BTF file, or <vmlinuxHeader> with a vmlinux.h", e);
        }
        if (sb.isEmpty()) {
            throw new Bpf2JavaException("cannot write vmlinux.h from " + name + ": it has no types",
                    "configure <btf> with the kernel's BTF (/sys/kernel/btf/vmlinux), or <vmlinuxHeader> with a vmlinux.h");
        }
        return sb.toString();
    }
}
