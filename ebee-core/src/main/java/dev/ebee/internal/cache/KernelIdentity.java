package dev.ebee.internal.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * What identifies the running kernel's BTF, cheaply: the kernel's GNU build id (the
 * NT_GNU_BUILD_ID note of /sys/kernel/notes, a few hundred bytes) with the size of
 * /sys/kernel/btf/vmlinux. A kernel built without a build id is identified by its BTF's size and two
 * checksums, which cost reading it but not parsing it. A kernel cannot change while it runs, so this is
 * computed once per process.
 */
public final class KernelIdentity {
    private static final Path NOTES = Path.of("/sys/kernel/notes");
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final int NT_GNU_BUILD_ID = 3;

    private KernelIdentity() {
    }

    private static final class Holder {
        static final String CURRENT = compute();
    }

    /** The running kernel's identity, or null when it cannot be known (then nothing is cached). */
    public static String current() {
        return Holder.CURRENT;
    }

    private static String compute() {
        try {
            long btfSize = Files.size(VMLINUX);
            String id = buildId(Files.readAllBytes(NOTES));
            if (id != null) {
                return "build-id " + id + ", vmlinux BTF " + btfSize + " bytes";
            }
            byte[] btf = Files.readAllBytes(VMLINUX);
            CRC32C c = new CRC32C();
            c.update(btf);
            CRC32 d = new CRC32();
            d.update(btf);
            return "vmlinux BTF " + btf.length + " bytes, CRC-32C " + c.getValue() + ", CRC-32 " + d.getValue();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The build id in a sequence of ELF notes (namesz, descsz, type, name and desc each padded to 4
     * bytes, in the machine's byte order), as hex; null when there is none.
     */
    static String buildId(byte[] notes) {
        ByteBuffer b = ByteBuffer.wrap(notes).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 12) {
            long nameSize = Integer.toUnsignedLong(b.getInt());
            long descSize = Integer.toUnsignedLong(b.getInt());
            int type = b.getInt();
            long namePadded = (nameSize + 3) & ~3L;
            long descPadded = (descSize + 3) & ~3L;
            if (namePadded + descPadded > b.remaining()) {
                return null;
            }
            int name = b.position();
            int desc = (int) (name + namePadded);
            if (type == NT_GNU_BUILD_ID && nameSize == 4 && descSize > 0
                    && new String(notes, name, 3, StandardCharsets.US_ASCII).equals("GNU") && notes[name + 3] == 0) {
                return HexFormat.of().formatHex(notes, desc, (int) (desc + descSize));
            }
            b.position((int) (desc + descPadded));
        }
        return null;
    }
}
