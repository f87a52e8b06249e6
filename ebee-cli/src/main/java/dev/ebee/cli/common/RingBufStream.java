package dev.ebee.cli.common;

import dev.ebee.ringbuf.RingBufReader;

import java.time.Duration;

/**
 * An {@link EventStream} over a loaded object's ring buffer {@code events}, with the lost count
 * from its array map {@code dropped} (index 0: reservations that failed).
 */
public final class RingBufStream implements EventStream {
    private final LoadedObject object;
    private final RingBufReader reader;
    private final Counter dropped;

    public RingBufStream(LoadedObject object) {
        this.object = object;
        try {
            this.reader = object.own(RingBufReader.open(object.map("events")));
            this.dropped = object.own(new Counter(object.map("dropped")));
        } catch (RuntimeException e) {
            object.close();
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
        return dropped.read();
    }

    @Override
    public void close() {
        object.close();
    }
}
