package dev.ebee.internal.cache;

import dev.ebee.internal.sys.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the cache lives and whether a file in it may be trusted. The directory is
 * {@code $EBEE_CACHE_DIR} (or the system property {@code ebee.cache.dir}), else
 * {@code $XDG_CACHE_HOME/ebee}, else {@code ~/.cache/ebee}; {@code EBEE_CACHE=0} (or
 * {@code -Debee.cache=false}) turns the cache off. Only a directory and files owned by the current
 * user and writable by nobody else are used: anyone else could otherwise choose what a load relocates to.
 */
public final class CacheDir {
    private CacheDir() {
    }

    /** The cache directory, created (mode 0700) when missing; empty when the cache is off or unusable. */
    public static Optional<Path> open() {
        Path dir = location(System::getenv, System::getProperty);
        if (dir == null) {
            return Optional.empty();
        }
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!trusted(dir)) {
                Log.debug("ebee: cache directory " + dir + " is not owned by this user or writable by others: not used");
                return Optional.empty();
            }
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            Log.debug("ebee: cache directory " + dir + " unusable: " + e);
            return Optional.empty();
        }
    }

    /** The configured directory, or null when the cache is off. */
    static Path location(UnaryOperator<String> env, UnaryOperator<String> property) {
        if ("0".equals(env.apply("EBEE_CACHE")) || "false".equals(property.apply("ebee.cache"))) {
            return null;
        }
        String explicit = firstSet(property.apply("ebee.cache.dir"), env.apply("EBEE_CACHE_DIR"));
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.apply("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) { // the XDG spec: a relative value is to be ignored
            return Path.of(xdg, "ebee");
        }
        String home = property.apply("user.home");
        return home == null || home.isEmpty() || home.equals("?") ? null : Path.of(home, ".cache", "ebee");
    }

    private static String firstSet(String a, String b) {
        return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : null;
    }

    /**
     * Whether {@code p} (not followed if a symbolic link) is owned by the current user and writable
     * by neither its group nor others. A symbolic link is not trusted.
     */
    public static boolean trusted(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink() || a.isOther()) {
            return false;
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE) || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            return false;
        }
        return ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == Uid.CURRENT;
    }

    /** The effective uid: the owner of /proc/self, read once. */
    private static final class Uid {
        static final int CURRENT = read();

        private static int read() {
            try {
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException e) {
                return -1; // no file is trusted
            }
        }
    }
}
