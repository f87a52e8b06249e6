package dev.ebee.sys;

import dev.ebee.EbeeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/** The kernel's CPU lists: possible (sizes per-CPU maps) and online (gets perf rings). */
public final class Cpus {
    private Cpus() {
    }

    private static final class Possible {
        static final int COUNT = parse(read("/sys/devices/system/cpu/possible")).length();
    }

    /** The number of possible CPUs: per-CPU map values hold one slot for each. */
    public static int possibleCount() {
        return Possible.COUNT;
    }

    /** The online CPUs. */
    public static BitSet online() {
        return parse(read("/sys/devices/system/cpu/online"));
    }

    /** The possible CPUs. */
    public static BitSet possible() {
        return parse(read("/sys/devices/system/cpu/possible"));
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException e) {
            throw new EbeeException("cannot read " + path + ": " + e.getMessage(), "is /sys mounted?", e);
        }
    }

    /** Parses a kernel CPU list such as {@code 0-3,5,7-8}. */
    public static BitSet parse(String list) {
        BitSet set = new BitSet();
        if (list.isBlank()) {
            return set;
        }
        for (String part : list.trim().split(",")) {
            try {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    set.set(Integer.parseInt(part.trim()));
                } else {
                    set.set(Integer.parseInt(part.substring(0, dash).trim()),
                            Integer.parseInt(part.substring(dash + 1).trim()) + 1);
                }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new EbeeException("malformed CPU list: " + list);
            }
        }
        return set;
    }
}
