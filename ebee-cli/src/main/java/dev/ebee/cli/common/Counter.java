package dev.ebee.cli.common;

import dev.ebee.BpfMap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Reads a u64 counter at index 0 of an array map (a BPF program's {@code dropped} or {@code counts}). */
public final class Counter implements AutoCloseable {
    private final BpfMap map;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment key = arena.allocate(4, 4);
    private final MemorySegment value = arena.allocate(8, 8);

    public Counter(BpfMap map) {
        this.map = map;
    }

    public long read() {
        key.set(ValueLayout.JAVA_INT, 0, 0);
        return map.lookup(key, value) ? value.get(ValueLayout.JAVA_LONG, 0) : 0;
    }

    @Override
    public void close() {
        arena.close();
    }
}
