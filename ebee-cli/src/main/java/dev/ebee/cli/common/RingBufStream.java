package dev.ebee.cli.common;

import dev.ebee.BpfMap;
import dev.ebee.ringbuf.RingBufReader;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An {@link EventStream} over a tool's ring buffer, with the lost count its BPF program keeps
 * (reservations that failed, in its {@code dropped} array). Closing it closes the reader, then
 * the loaded object that owns the maps and links.
 */
public final class RingBufStream implements EventStream {
    private final AutoCloseable object;
    private final RingBufReader reader;
    private final LongSupplier dropped;

    /**
     * @param object  the loaded tool (a generated {@code *Bpf}), closed with the stream, or at once
     *                when the reader cannot be opened
     * @param events  its ring buffer map
     * @param dropped reads its count of records the ring buffer had no room for
     */
    public RingBufStream(AutoCloseable object, BpfMap events, LongSupplier dropped) {
        this.object = object;
        this.dropped = dropped;
        try {
            this.reader = RingBufReader.open(events);
        } catch (RuntimeException e) {
            Closing.quietly(object, e);
            throw e;
        }
    }

    @Override
    public int poll(int timeoutMillis, RecordHandler handler) {
        int n = reader.poll(Duration.ofMillis(timeoutMillis),
                (data, offset, length) -> handler.onRecord(data.asSlice(offset, length)));
        return Math.max(n, 0);
    }

    @Override
    public long lost() {
        return dropped.getAsLong();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } finally {
            Closing.close(object);
        }
    }
}
