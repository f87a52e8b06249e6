package dev.ebee.metrics.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code majorminor}: a kernel {@code dev_t} (major in the high 12 bits, minor in the low 20, as
 * {@code MKDEV} packs it) to the block device's name from {@code /proc/diskstats}
 * ({@code 259:0} to {@code nvme0n1}), or {@code major:minor} for a device it does not list.
 */
final class MajorMinor implements Decoder {
    private final Path diskstats;
    private final ConcurrentHashMap<Long, String> names = new ConcurrentHashMap<>();

    MajorMinor(Path diskstats) {
        this.diskstats = diskstats;
    }

    @Override
    public String decode(byte[] raw, String text) {
        long dev = Decoder.number(raw, text);
        return names.computeIfAbsent(dev, this::lookUp);
    }

    private String lookUp(long dev) {
        String majorMinor = (dev >>> 20) + ":" + (dev & 0xfffff);
        try (var lines = Files.lines(diskstats)) {
            for (String line : (Iterable<String>) lines::iterator) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && (f[0] + ":" + f[1]).equals(majorMinor)) {
                    return f[2];
                }
            }
        } catch (IOException e) {
            // no diskstats (a container without /proc): the numbers are the best name
        }
        return majorMinor;
    }
}
