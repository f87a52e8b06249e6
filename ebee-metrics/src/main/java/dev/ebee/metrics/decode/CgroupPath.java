package dev.ebee.metrics.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code cgroup}: a cgroup v2 id ({@code bpf_get_current_cgroup_id()}: the inode number of the
 * cgroup's directory) to the directory's path under the cgroup2 mount. Found ids are cached; a
 * miss walks the hierarchy again (cgroups are created all the time), and an id no directory has
 * any more stays a number.
 */
final class CgroupPath implements Decoder {
    private final Path mount;
    private final ConcurrentHashMap<Long, String> paths = new ConcurrentHashMap<>();

    CgroupPath(Path mount) {
        this.mount = mount;
    }

    @Override
    public String decode(byte[] raw, String text) {
        long id = Decoder.number(raw, text);
        String known = paths.get(id);
        if (known != null) {
            return known;
        }
        try (Stream<Path> dirs = Files.walk(mount)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try {
                    paths.put(((Number) Files.getAttribute(d, "unix:ino")).longValue(), d.toString());
                } catch (IOException e) {
                    // a cgroup removed while we walk: nothing to name
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new DecodeException("cannot walk " + mount + ": " + e.getMessage());
        }
        return paths.getOrDefault(id, Long.toString(id));
    }
}
