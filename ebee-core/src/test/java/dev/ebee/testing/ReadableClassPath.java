package dev.ebee.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of this JVM's class path that every user may read, for tests that start a JVM as another
 * user (nobody, or root of a user namespace mapped to nobody): the build's own class path may lie
 * under /root (mode 700), where such a process cannot read it. Closing deletes the copy.
 */
public final class ReadableClassPath implements AutoCloseable {
    private final Path dir;
    private final String classPath;

    private ReadableClassPath(Path dir, String classPath) {
        this.dir = dir;
        this.classPath = classPath;
    }

    public static ReadableClassPath copy() throws IOException {
        Path dir = Files.createTempDirectory("ebee-readable", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = dir.resolve((n++) + "-" + src.getFileName());
            copyTree(src, dst);
            entries.add(dst.toString());
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return new ReadableClassPath(dir, String.join(File.pathSeparator, entries));
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        if (!Files.isDirectory(src)) {
            Files.copy(src, dst);
            return;
        }
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The copied class path, for {@code -cp}. */
    public String classPath() {
        return classPath;
    }

    /** The directory that holds the copy (readable by everyone; a working directory for the child). */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
