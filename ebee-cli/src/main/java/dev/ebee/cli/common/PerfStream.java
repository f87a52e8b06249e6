package dev.ebee.cli.common;

import dev.ebee.perf.PerfReader;
import dev.ebee.perf.SampleHandler;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/** An {@link EventStream} over a loaded object's perf event array {@code events}; lost = lost samples. */
public final class PerfStream implements EventStream {
    private final LoadedObject object;
    private final PerfReader reader;

    public PerfStream(LoadedObject object) {
        this.object = object;
        try {
            this.reader = object.own(PerfReader.open(object.map("events")));
        } catch (RuntimeException e) {
            object.close();
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
        object.close();
    }
}
