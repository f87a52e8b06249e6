package dev.ebee.fs;

import dev.ebee.EbeeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mount table of this process, from {@code /proc/self/mounts}. */
public final class Mounts {
    private static final Path PROC_MOUNTS = Path.of("/proc/self/mounts");

    /** One line of the mount table. */
    public record Mount(String source, Path target, String type, String options) {
    }

    private Mounts() {
    }

    /** Every mount, in the order of the table (later entries shadow earlier ones). */
    public static List<Mount> list() {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_MOUNTS);
        } catch (IOException e) {
            throw new EbeeException("cannot read " + PROC_MOUNTS + ": " + e.getMessage(),
                    "ebee needs procfs mounted at /proc", e);
        }
        return parse(lines);
    }

    /** Parses mount table lines; malformed lines are skipped. */
    public static List<Mount> parse(List<String> lines) {
        List<Mount> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            out.add(new Mount(unescape(f[0]), Path.of(unescape(f[1])), unescape(f[2]), unescape(f[3])));
        }
        return out;
    }

    /** The last mount of filesystem type {@code type} exactly at {@code target}, if any. */
    public static Optional<Mount> at(Path target, String type) {
        Optional<Mount> found = Optional.empty();
        for (Mount m : list()) {
            if (m.target().equals(target) && m.type().equals(type)) {
                found = Optional.of(m);
            }
        }
        return found;
    }

    /** The mount that holds {@code path}: the last mount whose target is the longest prefix of it. */
    public static Optional<Mount> containing(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Mount best = null;
        for (Mount m : list()) {
            if (p.startsWith(m.target())
                    && (best == null || m.target().getNameCount() >= best.target().getNameCount())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Undoes the kernel's octal escapes of space, tab, newline and backslash. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
