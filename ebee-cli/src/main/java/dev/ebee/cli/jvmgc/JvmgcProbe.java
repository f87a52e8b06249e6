package dev.ebee.cli.jvmgc;

import dev.ebee.cli.common.EventStream;

import java.nio.file.Path;
import java.util.List;

/**
 * The kernel side of jvmgc: loads jvmgc.bpf.o with .rodata {@code targ_pid} set, attaches its
 * {@code gc_begin} and {@code gc_end} programs to the {@code hotspot:gc__begin}/{@code gc__end}
 * USDT probes of each libjvm.so, and streams {@code struct gc_event} records
 * ({@link dev.ebee.cli.bpf.JvmgcBpf.GcEvent#decode}) from the {@code events} ring buffer.
 */
@FunctionalInterface
public interface JvmgcProbe {
    /**
     * @param pid     only this JVM (0: every JVM)
     * @param libjvms the libjvm.so files to probe
     */
    record Config(int pid, List<Path> libjvms) {
    }

    EventStream open(Config config);
}
