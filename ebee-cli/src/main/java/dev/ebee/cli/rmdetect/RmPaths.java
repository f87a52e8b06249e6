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
        return join(dir, p);
    }

    /**
     * {@code rel} against {@code dir}. The directory came from the kernel's dentry walk, so it has
     * no symbolic links: the leading ".." of {@code rel} fold into it; a ".." after a name of
     * {@code rel} stays, since that name may be a symbolic link.
     */
    static String join(String dir, String rel) {
        List<String> base = new ArrayList<>();
        for (String c : dir.split("/")) {
            if (!c.isEmpty()) {
                base.add(c);
            }
        }
        boolean leading = true;
        List<String> out = new ArrayList<>(base);
        for (String c : rel.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (leading && c.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("...")) {
                    out.removeLast();
                    continue;
                }
                if (out.isEmpty()) {
                    continue; // /.. is /
                }
            }
            leading = false;
            out.add(c);
        }
        String joined = String.join("/", out);
        return dir.startsWith("/") ? "/" + joined : joined;
    }

    /** The directory from its names, innermost first. */
    static String directory(List<String> innermostFirst, boolean truncated) {
        StringBuilder b = new StringBuilder(truncated ? "..." : "");
        // a truncated walk reads ".../b/c": the outer directories are unknown
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
