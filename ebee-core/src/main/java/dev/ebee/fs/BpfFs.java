package dev.ebee.fs;

import dev.ebee.EbeeException;
import dev.ebee.internal.sys.Bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The BPF filesystem, where objects are pinned: found at {@code /sys/fs/bpf} or mounted there
 * when absent (as bpftool does), and pin/unpin/open helpers that check the path is on a bpffs.
 */
public final class BpfFs {
    /** Where bpffs lives by convention. */
    public static final Path DEFAULT = Path.of("/sys/fs/bpf");


    private BpfFs() {
    }

    /** The bpffs at {@link #DEFAULT}, if mounted; never mounts. */
    public static Optional<Path> find() {
        return Mounts.at(DEFAULT, "bpf").map(m -> DEFAULT);
    }

    /** The bpffs directory, mounting bpffs at {@link #DEFAULT} when needed. */
    public static Path path() {
        return locate().path();
    }

    /** Finds bpffs at {@link #DEFAULT} or mounts it there (logged), saying which happened. */
    public static Located locate() {
        return MOUNT.locate();
    }

    private static final MountPoint MOUNT = new MountPoint("bpf", "bpf", DEFAULT, BpfFs::find,
            "mount a bpffs yourself: mount -t bpf bpf <dir>, and pin below it");

    /** Whether {@code path} lies on a mounted bpffs. */
    public static boolean isOnBpfFs(Path path) {
        return Mounts.containing(path).map(m -> m.type().equals("bpf")).orElse(false);
    }

    /**
     * Pins the BPF object {@code fd} (map, program, link) at {@code path}. A path below
     * {@link #DEFAULT} mounts bpffs there first when needed; any other path must already lie on a
     * bpffs. The parent directory must exist.
     */
    public static void pin(int fd, Path path) {
        Path p = checkPath(path);
        Bpf.objPin(fd, p.toString());
    }

    /** A new fd for the object pinned at {@code path} (the caller owns it). */
    public static int open(Path path) {
        Path p = checkPath(path);
        if (!Files.exists(p)) {
            throw new EbeeException("nothing is pinned at " + p, "pin the object first, or check the path");
        }
        return Bpf.objGet(p.toString(), 0);
    }

    /** Removes the pin at {@code path}; false when there was none. The object lives on while used. */
    public static boolean unpin(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (Files.exists(p) && !isOnBpfFs(p)) {
            throw new EbeeException(p + " is not on a bpffs; refusing to delete it", "unpin only paths below a bpffs mount");
        }
        try {
            Files.delete(p);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new EbeeException("cannot unpin " + p + ": " + e.getMessage(), null, e);
        }
    }

    private static Path checkPath(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.startsWith(DEFAULT)) {
            path(); // mounts it if needed
        }
        if (!isOnBpfFs(p.getParent() == null ? p : p.getParent())) {
            throw new EbeeException(p + " is not on a bpffs",
                    "pin below " + DEFAULT + " or another mount of type bpf (mount -t bpf bpf DIR)");
        }
        return p;
    }
}
