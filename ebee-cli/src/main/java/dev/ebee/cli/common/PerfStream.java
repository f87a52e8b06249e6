package dev.ebee.cli.common;

import dev.ebee.BpfMap;
import dev.ebee.perf.PerfReader;
import dev.ebee.perf.SampleHandler;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * An {@link EventStream} over a tool's perf event array; lost = lost samples. Closing it closes
 * the reader, then the loaded object that owns the maps and links.
 */
public final class PerfStream implements EventStream {
    private final AutoCloseable object;
    private final PerfReader reader;

    /**
     * @param object the loaded tool (a generated {@code *Bpf}), closed with the stream, or at once
     *               when the reader cannot be opened
     * @param events its perf event array
     */
    public PerfStream(AutoCloseable object, BpfMap events) {
        this.object = object;
        try {
            this.reader = PerfReader.open(events);
        } catch (RuntimeException e) {
            Closing.quietly(object, e);
            throw e;
        }
    }

    @Override
    public int poll(int timeoutMillis, RecordHandler handler) {
        int n = reader.poll(Duration.ofMillis(timeoutMillis), new SampleHandler() {
            @Override
            public void onSample(int cpu, MemorySegment data, long offset, int length) {
                handler.onRecord(data.asSlice(offset, length));
            }
        });
        return Math.max(n, 0);
    }

    @Override
    public long lost() {
        return reader.lostSamples();
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
