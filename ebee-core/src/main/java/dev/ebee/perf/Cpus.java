package dev.ebee.perf;

import dev.ebee.EbeeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/** CPU lists as the kernel writes them in sysfs ({@code "0-3,5,7-8"}). */
public final class Cpus {
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");
    /** Far above any real machine; guards against absurd input. */
    private static final int MAX_CPU = 1 << 16;

    private Cpus() {
    }

    /** The CPUs that may ever be present: /sys/devices/system/cpu/possible. */
    public static BitSet possible() {
        return read(POSSIBLE);
    }

    /** The CPUs online now: /sys/devices/system/cpu/online. */
    public static BitSet online() {
        return read(ONLINE);
    }

    private static BitSet read(Path p) {
        try {
            return parse(Files.readString(p));
        } catch (IOException e) {
            throw new EbeeException("cannot read " + p + ": " + e.getMessage(), "is /sys mounted?", e);
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
