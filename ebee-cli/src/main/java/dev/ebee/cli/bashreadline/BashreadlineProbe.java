package dev.ebee.cli.bashreadline;

import dev.ebee.cli.common.EventStream;

/**
 * The kernel side of bashreadline: loads bashreadline.bpf.o, attaches its {@code uretprobe}
 * program {@code readline_return} to {@link ReadlineTarget#file()} at
 * {@link ReadlineTarget#offset()} (all processes), and streams {@code struct readline_event}
 * records ({@link ReadlineEvent#decode}) from the perf event array {@code events} (one buffer per
 * CPU); {@code lost()} is the sum of the perf buffers' lost-sample records.
 */
@FunctionalInterface
public interface BashreadlineProbe {
    EventStream open(ReadlineTarget target);
}
