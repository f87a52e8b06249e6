package dev.ebee.cli.common;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/** An EventStream that hands out given records once, then nothing; its lost count is settable. */
public final class FakeStream implements EventStream {
    private final Queue<byte[]> records;
    private volatile long lost;
    private volatile boolean closed;
    private int polls;

    public FakeStream(List<byte[]> records, long lost) {
        this.records = new ArrayDeque<>(records);
        this.lost = lost;
    }

    @Override
    public synchronized int poll(int timeoutMillis, RecordHandler handler) {
        polls++;
        int n = 0;
        byte[] r;
        while ((r = records.poll()) != null) {
            // a native segment, as a ring buffer gives, valid only during the call
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(r.length, 8);
                MemorySegment.copy(MemorySegment.ofArray(r), 0, seg, 0, r.length);
                handler.onRecord(seg);
            }
            n++;
        }
        if (n == 0 && timeoutMillis > 0) {
            try {
                Thread.sleep(Math.min(timeoutMillis, 20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return n;
    }

    public void setLost(long lost) {
        this.lost = lost;
    }

    @Override
    public long lost() {
        return lost;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    public synchronized int polls() {
        return polls;
    }
}
