package dev.ebee.cli.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup v2 hierarchy as the process tools see it: where it is mounted, the id and depth of a
 * cgroup directory (what the kernel-side {@code -c} filter compares, {@code cgroup_filter.h}), and
 * the path of the cgroup an event's id names.
 *
 * <p>A cgroup v2 id is the inode number of its directory in the cgroup2 file system, which is what
 * {@code bpf_get_current_cgroup_id()} returns; so a path is found by walking the tree once and
 * again whenever an unknown id shows up (a cgroup made since), at most once a second.
 */
public final class Cgroup2 {
    private static final long RESCAN_NANOS = 1_000_000_000L;

    private final Path mount;
    private final Map<Long, String> paths = new HashMap<>();
    private long lastScan = System.nanoTime() - RESCAN_NANOS;

    private Cgroup2(Path mount) {
        this.mount = mount;
    }

    /** The cgroup2 hierarchy of this host, from {@code /proc/self/mountinfo}; empty when none is mounted (cgroup v1 only). */
    public static Optional<Cgroup2> find() {
        return mountPoint(Path.of("/proc/self/mountinfo")).map(Cgroup2::new);
    }

    /** Where cgroup2 is mounted (e.g. {@code /sys/fs/cgroup}, or {@code /sys/fs/cgroup/unified} on a hybrid host). */
    public Path mount() {
        return mount;
    }

    /** A cgroup to filter on: its id, and its depth below the root (the root is 0). */
    public record Target(Path dir, long id, int level) {
    }

    /**
     * The cgroup at {@code path}: a directory of the cgroup2 file system, or a path relative to
     * its root as {@code /proc/PID/cgroup} shows it ({@code /system.slice/cron.service}).
     *
     * @throws IllegalArgumentException when it is neither, with the reason
     */
    public Target target(String path) {
        Path dir = Path.of(path);
        if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
            dir = mount.resolve(path.replaceFirst("^/+", ""));
        }
        try {
            Path real = dir.toRealPath();
            if (!real.startsWith(mount) || !Files.isDirectory(real)) {
                throw new IllegalArgumentException("not a cgroup v2 directory; cgroup2 is mounted at " + mount);
            }
            return new Target(real, inode(real), mount.relativize(real).toString().isEmpty() ? 0
                    : mount.relativize(real).getNameCount());
        } catch (IOException e) {
            throw new IllegalArgumentException("no such cgroup; cgroup2 is mounted at " + mount);
        }
    }

    /** The path of cgroup {@code id} below the root ({@code /} for the root), or null when no such cgroup exists now. */
    public String path(long id) {
        String p = paths.get(id);
        if (p == null && System.nanoTime() - lastScan >= RESCAN_NANOS) {
            scan();
            p = paths.get(id);
        }
        return p;
    }

    private void scan() {
        lastScan = System.nanoTime();
        paths.clear();
        try {
            Files.walkFileTree(mount, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    paths.put(inode(dir), "/" + mount.relativize(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a cgroup removed while walking
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // what was walked stays; an id not found is shown without a path
        }
    }

    private static long inode(Path dir) throws IOException {
        return ((Number) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    /** The mount point of the first cgroup2 file system in a mountinfo file. */
    static Optional<Path> mountPoint(Path mountinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            int dash = line.indexOf(" - ");
            String[] head = line.split(" ");
            if (dash > 0 && head.length > 4 && line.substring(dash + 3).startsWith("cgroup2 ")) {
                return Optional.of(Path.of(unescape(head[4])));
            }
        }
        return Optional.empty();
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
