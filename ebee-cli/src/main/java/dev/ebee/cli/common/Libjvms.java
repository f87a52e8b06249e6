package dev.ebee.cli.common;

import dev.ebee.EbeeException;
import dev.ebee.link.UsdtProbes;
import dev.ebee.link.UsdtTarget;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The libjvm.so files to probe, for the tools that watch JVMs through HotSpot's USDT probes (jvmgc,
 * jvmstat): the one a given JVM runs, or every one that a running process maps or that a JDK under
 * /usr/lib/jvm installs (so that JVMs started later are seen too). A probe on a file sees every
 * process that maps it, so each file is probed once, whatever its path.
 */
public final class Libjvms {
    static final Path JDKS = Path.of("/usr/lib/jvm");

    private Libjvms() {
    }

    /** The HotSpot probe {@code probe} (e.g. {@code gc__begin}) in {@code lib}, in every process or only in {@code pid} (when > 0). */
    public static UsdtTarget hotspot(Path lib, String probe, int pid) {
        UsdtTarget t = UsdtTarget.of(lib.toString(), "hotspot", probe);
        return pid > 0 ? t.pid(pid) : t;
    }

    /** A JVM's process name (its main thread's comm), or {@code fallback} once it has exited. */
    public static String processName(long pid, String fallback) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException | RuntimeException gone) {
            return fallback;
        }
    }

    /** The libjvm.so of JVM {@code pid} (when > 0), or of every JVM running or installed. */
    public static List<Path> find(int pid) {
        if (pid > 0) {
            return List.of(UsdtProbes.mappedFile(pid, "libjvm.so"));
        }
        Map<Path, Path> byRealPath = new LinkedHashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path proc : procs) {
                try {
                    add(byRealPath, UsdtProbes.mappedFile(Integer.parseInt(proc.getFileName().toString()), "libjvm.so"));
                } catch (EbeeException notAJvm) {
                    // not a JVM, or gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new EbeeException("cannot list /proc: " + e.getMessage());
        }
        try (DirectoryStream<Path> jdks = Files.newDirectoryStream(JDKS)) {
            for (Path jdk : jdks) {
                Path lib = jdk.resolve("lib/server/libjvm.so");
                if (Files.isRegularFile(lib)) {
                    add(byRealPath, lib);
                }
            }
        } catch (IOException noJdks) {
            // no JDK installed there: the running JVMs are all there is
        }
        if (byRealPath.isEmpty()) {
            throw new EbeeException("no JVM found: no process maps a libjvm.so and no JDK is installed under " + JDKS,
                    "start a JVM, or give its pid with -p");
        }
        return new ArrayList<>(byRealPath.values());
    }

    private static void add(Map<Path, Path> byRealPath, Path lib) {
        try {
            byRealPath.putIfAbsent(lib.toRealPath(), lib);
        } catch (IOException gone) {
            // the process exited, or the file was replaced: nothing to probe there
        }
    }
}
