package dev.ebee.perf;

import java.lang.foreign.MemorySegment;

/**
 * Receives the samples of a {@link PerfReader}: the raw data a BPF program wrote with
 * {@code bpf_perf_event_output} is {@code data[offset, offset + length)}. The length is the perf
 * record's raw size, which the kernel pads so that the record stays 8-byte aligned: it may exceed
 * what the program wrote by up to 7 bytes. The offset is only 4-byte aligned: read with the
 * {@code *_UNALIGNED} layouts.
 *
 * <p>The view is valid only until the method returns; copy what you keep.
 */
@FunctionalInterface
public interface SampleHandler {
    void onSample(int cpu, MemorySegment data, long offset, int length);

    /**
     * The kernel dropped {@code lost} samples on {@code cpu} because its ring was full. The reader
     * counts them also in {@link PerfReader#lostSamples()}.
     */
    default void onLost(int cpu, long lost) {
    }
}
