package dev.ebee.bpf2java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the make-style dependency file clang writes with {@code -MD -MF}: the files an object was built from. */
public final class DepFile {
    private DepFile() {
    }

    /** The prerequisites listed in {@code text} (the part after the first unescaped colon). */
    public static List<Path> parse(String text) {
        String joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
        // the target ends at the first ": " (a path may contain ':' only when escaped)
        int colon = joined.indexOf(": ");
        if (colon < 0) {
            colon = joined.indexOf(":\n");
        }
        if (colon < 0) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String rest = joined.substring(colon + 1);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' && i + 1 < rest.length() && rest.charAt(i + 1) == ' ') {
                cur.append(' ');
                i++;
            } else if (Character.isWhitespace(c)) {
                if (!cur.isEmpty()) {
                    out.add(Path.of(cur.toString()));
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(Path.of(cur.toString()));
        }
        return out;
    }

    /**
     * True when {@code object} exists and is newer than every file {@code depFile} lists; false
     * when either is missing, unreadable, or a listed file is newer or gone.
     */
    public static boolean upToDate(Path object, Path depFile) {
        try {
            if (!Files.isRegularFile(object) || !Files.isRegularFile(depFile)) {
                return false;
            }
            long built = Files.getLastModifiedTime(object).toMillis();
            List<Path> deps = parse(Files.readString(depFile));
            if (deps.isEmpty()) {
                return false;
            }
            for (Path d : deps) {
                if (!Files.exists(d) || Files.getLastModifiedTime(d).toMillis() > built) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
