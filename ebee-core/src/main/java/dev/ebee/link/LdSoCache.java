package dev.ebee.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dynamic linker's cache ({@code /etc/ld.so.cache}, glibc's "glibc-ld.so.cache1.1" format):
 * shared library names to paths, as {@code ldconfig -p} lists them. Malformed files yield nothing.
 */
final class LdSoCache {
    static final Path DEFAULT = Path.of("/etc/ld.so.cache");
    private static final byte[] MAGIC = "glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 48, ENTRY = 24;
    private static final int FLAG_ELF_LIBC6 = 3, FLAG_X8664_LIB64 = 0x0300, FLAG_AARCH64_LIB64 = 0x0a00;

    /** One entry: the library's soname and where it is. */
    record Entry(String name, Path path, int flags) {
    }

    private LdSoCache() {
    }

    static List<Entry> read(Path cache) {
        try {
            return parse(Files.readAllBytes(cache));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<Entry> parse(byte[] data) {
        int base = indexOf(data, MAGIC);
        if (base < 0 || base + HEADER > data.length) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long nlibs = Integer.toUnsignedLong(b.getInt(base + 20));
        if (nlibs > (data.length - base - HEADER) / ENTRY) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>((int) nlibs);
        for (int i = 0; i < nlibs; i++) {
            int e = base + HEADER + i * ENTRY;
            int flags = b.getInt(e);
            String key = string(data, base, b.getInt(e + 4));
            String value = string(data, base, b.getInt(e + 8));
            if (key != null && value != null && !value.isEmpty()) {
                out.add(new Entry(key, Path.of(value), flags));
            }
        }
        return out;
    }

    /** The path of the library {@code soname} ("libc.so.6") or stem ("libc"), for this machine's architecture. */
    static Optional<Path> find(List<Entry> entries, String name) {
        String arch = System.getProperty("os.arch", "");
        int wantArch = arch.equals("aarch64") ? FLAG_AARCH64_LIB64 : FLAG_X8664_LIB64;
        String stem = name.startsWith("lib") ? name : "lib" + name;
        Entry best = null;
        for (Entry e : entries) {
            if ((e.flags() & 0xff) != FLAG_ELF_LIBC6 || (e.flags() & 0xff00) != wantArch) {
                continue;
            }
            if (e.name().equals(name)) {
                return Optional.of(e.path());
            }
            if (e.name().startsWith(stem + ".so") && (best == null || e.name().length() < best.name().length())) {
                best = e;
            }
        }
        return Optional.ofNullable(best).map(Entry::path);
    }

    private static String string(byte[] data, int base, int offset) {
        long start = (long) base + Integer.toUnsignedLong(offset);
        if (offset == 0 || start >= data.length) {
            return null;
        }
        int end = (int) start;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return end == data.length ? null : new String(data, (int) start, end - (int) start, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length && i < 4096; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
