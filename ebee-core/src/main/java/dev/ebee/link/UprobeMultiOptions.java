package dev.ebee.link;

import java.util.List;

/**
 * The optional parts of a {@link UprobeMulti} attachment.
 *
 * @param retprobe at the functions' returns rather than their entries
 * @param pid      only this process (0: every process that runs the file)
 * @param cookies  one BPF cookie per symbol, in their order (empty: none)
 */
public record UprobeMultiOptions(boolean retprobe, int pid, List<Long> cookies) {
    /** At the entries, in every process, without cookies. */
    public static final UprobeMultiOptions NONE = new UprobeMultiOptions(false, 0, List.of());

    public UprobeMultiOptions {
        cookies = List.copyOf(cookies);
    }
}
