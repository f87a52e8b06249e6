package dev.ebee.cli.jvmgc;

import dev.ebee.EbeeException;
import dev.ebee.link.UsdtProbes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The libjvm.so files to probe: the one a given JVM runs, or every one that a running process maps
 * or that a JDK under /usr/lib/jvm installs (so that JVMs started later are seen too). A probe on a
 * file sees every process that maps it, so each file is probed once, whatever its path.
 */
final class Libjvms {
    static final Path JDKS = Path.of("/usr/lib/jvm");

    private Libjvms() {
    }

    static List<Path> find(int pid) {
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
