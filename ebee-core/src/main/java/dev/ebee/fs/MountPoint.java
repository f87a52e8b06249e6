package dev.ebee.fs;

import dev.ebee.EbeeException;
import dev.ebee.SyscallException;
import dev.ebee.internal.sys.Log;
import dev.ebee.internal.sys.Native;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A pseudo filesystem ebee needs (bpffs, tracefs): where it is mounted, or mounted by ebee at its
 * usual place, as bpftool does, with the one error both give when neither works.
 *
 * @param type     the filesystem type ("bpf", "tracefs")
 * @param source   the mount source ("bpf", "nodev")
 * @param usual    where ebee mounts it
 * @param find     where it is mounted now, if anywhere
 * @param noTarget the hint when {@code usual} does not exist
 */
record MountPoint(String type, String source, Path usual, Supplier<Optional<Path>> find, String noTarget) {
    /** The mounted filesystem, mounting it at {@link #usual} (and logging that) when it is not. */
    Located locate() {
        Optional<Path> found = find.get();
        if (found.isPresent()) {
            return new Located(found.get(), false);
        }
        String name = type.equals("bpf") ? "bpffs" : type;
        if (!Files.isDirectory(usual)) {
            throw new EbeeException(name + " is not mounted and " + usual + " does not exist", noTarget);
        }
        try {
            Native.mount(source, usual.toString(), type, 0);
        } catch (SyscallException e) {
            Optional<Path> meanwhile = find.get(); // somebody else mounted it meanwhile
            if (meanwhile.isPresent()) {
                return new Located(meanwhile.get(), false);
            }
            throw new EbeeException(name + " is not mounted and mounting it at " + usual + " failed: " + e.getMessage(),
                    "run as root (CAP_SYS_ADMIN), or mount it: mount -t " + type + " " + source + " " + usual, e);
        }
        Log.info("ebee: mounted " + name + " at " + usual);
        return new Located(usual, true);
    }
}
