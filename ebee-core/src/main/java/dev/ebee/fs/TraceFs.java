package dev.ebee.fs;

import dev.ebee.TracepointNotFoundException;
import dev.ebee.EbeeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel's tracing filesystem: found at {@code /sys/kernel/tracing} or
 * {@code /sys/kernel/debug/tracing}, and mounted at {@code /sys/kernel/tracing} when it is in
 * neither place (as bpftool does).
 */
public final class TraceFs {
    /** Where tracefs is mounted on current systems. */
    public static final Path DEFAULT = Path.of("/sys/kernel/tracing");
    /** Where older systems reach it, through debugfs. */
    public static final Path DEBUGFS = Path.of("/sys/kernel/debug/tracing");


    private TraceFs() {
    }

    /** The tracefs mount, if one is reachable now; never mounts. */
    public static Optional<Path> find() {
        // fast path: the mount point directories are empty until tracefs is mounted there
        if (Files.isRegularFile(DEFAULT.resolve("available_events"))) {
            return Optional.of(DEFAULT);
        }
        if (Mounts.at(DEFAULT, "tracefs").isPresent()) {
            return Optional.of(DEFAULT);
        }
        if (Mounts.at(DEBUGFS, "tracefs").isPresent()) {
            return Optional.of(DEBUGFS);
        }
        // debugfs automounts tracefs below it on first access
        if (Mounts.at(Path.of("/sys/kernel/debug"), "debugfs").isPresent() && Files.isDirectory(DEBUGFS.resolve("events"))) {
            return Optional.of(DEBUGFS);
        }
        return Optional.empty();
    }

    /** The tracefs directory, mounting tracefs at {@link #DEFAULT} when it is not reachable. */
    public static Path path() {
        return locate().path();
    }

    /**
     * Finds tracefs, or mounts it at {@link #DEFAULT} (saying so through the {@code dev.ebee.fs}
     * logger), and tells which happened. Throws when it is absent and cannot be mounted.
     */
    public static Located locate() {
        return MOUNT.locate();
    }

    private static final MountPoint MOUNT = new MountPoint("tracefs", "nodev", DEFAULT, TraceFs::find,
            "mount it yourself: mount -t tracefs nodev <dir>; the kernel may lack CONFIG_TRACING");

    /**
     * The id of tracepoint {@code category:name}, from {@code events/CATEGORY/NAME/id}. Throws
     * {@link TracepointNotFoundException} naming it when the kernel has no such tracepoint.
     */
    public static int tracepointId(String category, String name) {
        if (!validComponent(category) || !validComponent(name)) {
            throw new TracepointNotFoundException(category, name, "not a valid tracepoint name", DEFAULT);
        }
        Path tracefs = path();
        Path id = tracefs.resolve("events").resolve(category).resolve(name).resolve("id");
        try {
            return Integer.parseInt(Files.readString(id).trim());
        } catch (NoSuchFileException e) {
            String why = Files.isDirectory(tracefs.resolve("events").resolve(category))
                    ? "the kernel has no tracepoint " + name + " in category " + category
                    : "the kernel has no tracepoint category " + category;
            throw new TracepointNotFoundException(category, name, why, tracefs);
        } catch (IOException | NumberFormatException e) {
            throw new EbeeException("cannot read tracepoint id from " + id + ": " + e.getMessage(), null, e);
        }
    }

    /** Whether {@code category:name} exists. */
    public static boolean hasTracepoint(String category, String name) {
        return validComponent(category) && validComponent(name)
                && Files.isRegularFile(path().resolve("events").resolve(category).resolve(name).resolve("id"));
    }

    /** A tracefs path component: no separators, no dots-only names, not empty. */
    static boolean validComponent(String s) {
        return s != null && !s.isEmpty() && s.indexOf('/') < 0 && s.indexOf('\0') < 0 && !s.equals(".") && !s.equals("..");
    }
}
