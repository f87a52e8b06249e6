package dev.ebee.cli.common;

import dev.ebee.BpfMap;
import dev.ebee.perf.PerfReader;
import dev.ebee.ringbuf.RingBufReader;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An {@link EventStream} over the buffer a tool's BPF programs send their records through: a
 * ring buffer or a perf event array. Closing it closes the reader, then the loaded object that
 * owns the maps and links.
 */
public final class BufferStream implements EventStream {
    /** One poll of the reader, each record handed on as a slice of its own. */
    @FunctionalInterface
    private interface Poll {
        int poll(Duration timeout, RecordHandler handler);
    }

    private final AutoCloseable object;
    private final AutoCloseable reader;
    private final Poll poll;
    private final LongSupplier lost;

    private BufferStream(AutoCloseable object, AutoCloseable reader, Poll poll, LongSupplier lost) {
        this.object = object;
        this.reader = reader;
        this.poll = poll;
        this.lost = lost;
    }

    /**
     * The records of a ring buffer; lost = what the program counts as reservations that failed.
     *
     * @param object  the loaded tool (a generated {@code *Bpf}), closed with the stream, or at once
     *                when the reader cannot be opened
     * @param events  its ring buffer map
     * @param dropped reads its count of records the ring buffer had no room for
     */
    public static BufferStream ringBuf(AutoCloseable object, BpfMap events, LongSupplier dropped) {
        RingBufReader reader = Closing.onFailure(object, () -> RingBufReader.open(events));
        return new BufferStream(object, reader, (timeout, handler) -> reader.poll(timeout,
                (data, offset, length) -> handler.onRecord(data.asSlice(offset, length))), dropped);
    }

    /**
     * The samples of a perf event array (one buffer per CPU); lost = the samples the kernel
     * reported lost.
     *
     * @param object the loaded tool, as for {@link #ringBuf}
     * @param events its perf event array
     */
    public static BufferStream perf(AutoCloseable object, BpfMap events) {
        PerfReader reader = Closing.onFailure(object, () -> PerfReader.open(events));
        return new BufferStream(object, reader, (timeout, handler) -> reader.poll(timeout,
                (cpu, data, offset, length) -> handler.onRecord(data.asSlice(offset, length))), reader::lostSamples);
    }

    @Override
    public int poll(int timeoutMillis, RecordHandler handler) {
        return Math.max(poll.poll(Duration.ofMillis(timeoutMillis), handler), 0);
    }

    @Override
    public long lost() {
        return lost.getAsLong();
    }

    @Override
    public void close() {
        try {
            Closing.close(reader);
        } finally {
            Closing.close(object);
        }
    }
}
