package dev.ebee.cli.common;

import dev.ebee.link.UsdtTarget;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the JVM tools (jvmgc, jvmstat, jvmthreads, jvmclassload) watch: one JVM or every one
 * ({@code pid} 0), through the HotSpot USDT probes of these libjvm.so files.
 *
 * @param pid     only this JVM (0: every JVM)
 * @param libjvms the libjvm.so files to probe
 */
public record JvmTargets(int pid, List<Path> libjvms) {
    /** The libjvm.so of JVM {@code pid}, or with 0 of every JVM running or installed ({@link Libjvms#find}). */
    public static JvmTargets of(int pid) {
        return new JvmTargets(pid, Libjvms.find(pid));
    }

    /** Hands {@code attach} the HotSpot probe {@code probe} (e.g. {@code gc__begin}) of each libjvm.so. */
    public void attach(String probe, Consumer<UsdtTarget> attach) {
        for (Path lib : libjvms) {
            attach.accept(Libjvms.hotspot(lib, probe, pid));
        }
    }
}
