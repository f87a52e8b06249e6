package dev.ebee.link;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds commands on PATH and shared libraries in the usual directories, by bare name, and the
 * library file of a DT_NEEDED soname as the dynamic linker finds it.
 */
final class Libraries {
    static final List<Path> LIB_DIRS = List.of(Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/lib64"), Path.of("/usr/lib64"), Path.of("/lib"), Path.of("/usr/lib"),
            Path.of("/usr/local/lib"), Path.of("/lib/aarch64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"));

    private Libraries() {
    }

    static Optional<Path> find(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            return Optional.empty();
        }
        boolean libraryName = name.startsWith("lib") || name.contains(".so");
        if (!libraryName) {
            Optional<Path> cmd = onPath(name);
            if (cmd.isPresent()) {
                return cmd;
            }
        }
        Optional<Path> lib = library(name);
        return lib.isPresent() ? lib : onPath(name);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** "libc" → libc.so.6, "libz.so" → libz.so.1, "libc.so.6" as is: the linker cache first, then the usual directories. */
    static Optional<Path> library(String name) {
        Optional<Path> cached = LdSoCache.find(LdSoCache.read(LdSoCache.DEFAULT), name).filter(Files::isRegularFile);
        return cached.isPresent() ? cached : inLibDirs(name);
    }

    /**
     * The file the dynamic linker loads for the DT_NEEDED entry {@code soname}: a name with a
     * slash is a path; any other name is looked for, under exactly that name, in {@code searchPath}
     * (the needing object's RUNPATH or RPATH), then in the linker cache, then in the default
     * directories. LD_LIBRARY_PATH is not consulted: it belongs to the traced process, not to us.
     */
    static Optional<Path> needed(String soname, List<Path> searchPath) {
        if (soname.indexOf('/') >= 0) {
            return Optional.of(Path.of(soname)).filter(Files::isRegularFile);
        }
        Optional<Path> found = inDirs(searchPath, soname);
        if (found.isEmpty()) {
            found = LdSoCache.find(LdSoCache.read(LdSoCache.DEFAULT), soname).filter(Files::isRegularFile);
        }
        return found.isPresent() ? found : inDirs(LIB_DIRS, soname);
    }

    private static Optional<Path> inDirs(List<Path> dirs, String fileName) {
        for (Path dir : dirs) {
            Path p = dir.resolve(fileName);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> inLibDirs(String name) {
        String base = name.startsWith("lib") ? name : "lib" + name;
        for (Path dir : LIB_DIRS) {
            Path exact = dir.resolve(name);
            if (name.contains(".so") && Files.isRegularFile(exact)) {
                return Optional.of(exact);
            }
            String stem = base.contains(".so") ? base.substring(0, base.indexOf(".so")) : base;
            Path plain = dir.resolve(stem + ".so");
            List<Path> versioned = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, stem + ".so.*")) {
                    ds.forEach(versioned::add);
                } catch (IOException e) {
                    continue;
                }
            }
            // prefer the runtime soname (shortest versioned name, e.g. libc.so.6) over a linker script libc.so
            versioned.sort((a, b) -> Integer.compare(a.getFileName().toString().length(), b.getFileName().toString().length()));
            for (Path v : versioned) {
                if (Files.isRegularFile(v)) {
                    return Optional.of(v);
                }
            }
            if (Files.isRegularFile(plain) && isElf(plain)) {
                return Optional.of(plain);
            }
        }
        return Optional.empty();
    }

    private static boolean isElf(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }
}
