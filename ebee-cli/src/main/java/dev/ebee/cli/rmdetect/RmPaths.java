package dev.ebee.cli.rmdetect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Makes a deletion's path absolute. */
public final class RmPaths {
    private RmPaths() {
    }

    /**
     * The absolute path of the deleted file: the path itself when absolute, else resolved against
     * the directory the kernel walked at entry; when that failed, against {@code /proc/PID/cwd}
     * or {@code /proc/PID/fd/DFD} read now (the process may be gone: then the path stays
     * relative). A directory walk cut short starts with {@code ...}.
     */
    public static String resolve(RmEvent e, Path procRoot) {
        String p = e.path();
        if (p.startsWith("/")) {
            return normalize(p);
        }
        String dir = switch (e.dirState()) {
            case OK -> directory(e.dirNames(), false);
            case TRUNCATED -> directory(e.dirNames(), true);
            default -> fromProc(e, procRoot);
        };
        if (dir == null) {
            return p;
        }
        return normalize(p.isEmpty() ? dir : dir + "/" + p);
    }

    /** The directory from its names, innermost first. */
    static String directory(List<String> innermostFirst, boolean truncated) {
        StringBuilder b = new StringBuilder(truncated ? "..." : "");
        for (int i = innermostFirst.size() - 1; i >= 0; i--) {
            b.append('/').append(innermostFirst.get(i));
        }
        return b.isEmpty() ? "/" : b.toString();
    }

    private static String fromProc(RmEvent e, Path procRoot) {
        Path link = e.dfd() == RmEvent.AT_FDCWD
                ? procRoot.resolve(Integer.toString(e.pid())).resolve("cwd")
                : procRoot.resolve(Integer.toString(e.pid())).resolve("fd").resolve(Integer.toString(e.dfd()));
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException ex) {
            return null;
        }
    }

    /** Drops empty and "." components; keeps ".." (a symbolic link could make it wrong to fold). */
    static String normalize(String path) {
        boolean abs = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                parts.add(c);
            }
        }
        String joined = String.join("/", parts);
        return abs ? "/" + joined : (joined.isEmpty() ? "." : joined);
    }
}
