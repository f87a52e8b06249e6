package dev.ebee.internal.sys;

import dev.ebee.EbeeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/** The kernel's CPU lists: possible (sizes per-CPU maps) and online (gets perf rings). */
public final class Cpus {
    /** Far above any real machine; guards against absurd input. */
    private static final int MAX_CPU = 1 << 16;
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

    /** Parses a CPU list such as {@code "0-3,5\n"}; throws {@link EbeeException} when malformed. */
    public static BitSet parse(String list) {
        BitSet set = new BitSet();
        String s = list.strip();
        if (s.isEmpty()) {
            return set;
        }
        for (String part : s.split(",", -1)) {
            int dash = part.indexOf('-');
            int from = number(part, dash < 0 ? part : part.substring(0, dash), list);
            int to = dash < 0 ? from : number(part, part.substring(dash + 1), list);
            if (to < from) {
                throw malformed(list, "range " + part + " runs backwards");
            }
            set.set(from, to + 1);
        }
        return set;
    }

    private static int number(String part, String digits, String list) {
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(list, "bad element '" + part + "'");
        }
        int n = Integer.parseInt(digits);
        if (n >= MAX_CPU) {
            throw malformed(list, "CPU number " + n + " out of range");
        }
        return n;
    }

    private static EbeeException malformed(String list, String why) {
        return new EbeeException("malformed CPU list '" + list.strip() + "': " + why, null);
    }
}
