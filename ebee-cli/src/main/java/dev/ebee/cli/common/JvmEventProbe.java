package dev.ebee.cli.common;

/**
 * The kernel side of a JVM tool that prints one line per event (jvmgc, jvmthreads, jvmclassload):
 * loads its object with .rodata {@code targ_pid} set to {@link JvmTargets#pid()}, attaches its
 * programs to HotSpot's USDT probes of each libjvm.so, and streams the records of its ring buffer.
 * Tests put a fake one in its place, or wrap the kernel's to see when it is attached.
 */
@FunctionalInterface
public interface JvmEventProbe {
    EventStream open(JvmTargets targets);
}
