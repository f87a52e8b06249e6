package dev.ebee.cli.jvmstat;

import dev.ebee.cli.bpf.JvmstatBpf.JvmCounts;
import dev.ebee.cli.common.JvmTargets;

import java.util.Map;

/**
 * The kernel side of jvmstat: loads jvmstat.bpf.o with .rodata {@code targ_pid} set, attaches its
 * programs to HotSpot's gc, thread, class and method__compile USDT probes of each libjvm.so, and
 * reads the totals it keeps per JVM in its {@code counts} hash map.
 */
@FunctionalInterface
public interface JvmstatProbe {
    /** Attached programs and the totals they keep. */
    interface Counters extends AutoCloseable {
        /** The totals since attached, by JVM pid (a JVM appears with its first event). */
        Map<Integer, JvmCounts> read();

        /** Drops the totals of a JVM that has exited. */
        void forget(int pid);

        @Override
        void close();
    }

    Counters open(JvmTargets targets);
}
