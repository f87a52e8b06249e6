package dev.ebee.cli.common;

import java.lang.foreign.MemorySegment;

/** Receives one raw event record; the segment is valid only during the call. */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(MemorySegment record);
}
