package dev.ebee.ringbuf;

import java.lang.foreign.MemorySegment;

/**
 * Receives the records of a {@link RingBufReader}. The record's bytes are
 * {@code data[offset, offset + length)}: {@code data} is the ring's read-only data mapping, mapped
 * twice in a row so that a record that wraps the end of the ring reads contiguously.
 *
 * <p>The view is valid only until the method returns; copy what you keep
 * ({@code MemorySegment.copy}, {@code data.get(ValueLayout..., offset + n)}). Accessing
 * {@code data} after the reader is closed throws {@link IllegalStateException}.
 */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(MemorySegment data, long offset, int length);
}
