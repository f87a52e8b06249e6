package dev.ebee.jfr;

import dev.ebee.BpfMap;
import dev.ebee.perf.PerfReader;
import dev.ebee.ringbuf.RingBufReader;
import jdk.jfr.Event;
import jdk.jfr.EventType;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;

/**
 * Streams the records of a BPF ring buffer or perf event array into JDK Flight Recorder events,
 * on a daemon thread of its own, for as long as it is open. The events are ordinary
 * {@code jdk.jfr.Event}s of the application's JVM, so any recording that enables them takes them:
 * {@code jcmd PID JFR.start}, {@code -XX:StartFlightRecording}, a {@code Recording} or a
 * {@code RecordingStream} in the application, beside the JVM's own events.
 *
 * <p>The application says how a record becomes an event ({@link EventWriter}): it fills a new
 * event from the record's bytes and commits it. The usual JFR idiom, {@code var e = new MyEvent();
 * e.pid = data.get(...); e.commit();}, allocates nothing once the JIT has compiled it (the event
 * does not escape), so only String fields cost an allocation per event. While no recording enables
 * the event type the records are read and dropped without calling the writer, so that the ring
 * never fills.
 *
 * <pre>{@code
 * try (JfrEventStream s = JfrEventStream.ringBuf(bpf.events(), ExecEvent.class, (data, off, len) -> {
 *     ExecEvent e = new ExecEvent();
 *     e.pid = data.get(ValueLayout.JAVA_INT_UNALIGNED, off);
 *     e.commit();
 * })) {
 *     ... the application runs ...
 * }
 * }</pre>
 */
public final class JfrEventStream implements AutoCloseable {
    /** Fills one event from a record and commits it. The record is valid only during the call. */
    @FunctionalInterface
    public interface EventWriter {
        void write(MemorySegment data, long offset, int length);
    }

    /** One wait of the reader; records are handed to {@link #record}. */
    @FunctionalInterface
    private interface Poll {
        int poll(Duration timeout);
    }

    /** How long one poll waits at most, so that {@link #close()} is seen promptly. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final AutoCloseable reader;
    private final EventType type;
    private final EventWriter writer;
    private final Poll poll;
    private final Thread thread;
    private volatile boolean closing;
    private volatile long written;
    private volatile long skipped;
    private volatile Throwable failure;

    private JfrEventStream(String name, AutoCloseable reader, Class<? extends Event> eventClass, EventWriter writer,
                           java.util.function.Function<JfrEventStream, Poll> poll) {
        this.reader = reader;
        this.type = EventType.getEventType(Objects.requireNonNull(eventClass, "eventClass"));
        this.writer = Objects.requireNonNull(writer, "writer");
        this.poll = poll.apply(this);
        this.thread = Thread.ofPlatform().daemon().name("ebee-jfr " + name).unstarted(this::loop);
        thread.start();
    }

    /**
     * Streams the records of a ring buffer map into events of {@code eventClass}, written by {@code writer}.
     *
     * @throws dev.ebee.EbeeException when the map cannot be mapped (not a ring buffer, closed)
     */
    public static JfrEventStream ringBuf(BpfMap ringBuf, Class<? extends Event> eventClass, EventWriter writer) {
        RingBufReader reader = RingBufReader.open(ringBuf);
        return new JfrEventStream(ringBuf.name(), reader, eventClass, writer,
                s -> timeout -> reader.poll(timeout, s::record));
    }

    /**
     * Streams the samples of a perf event array (one buffer per CPU) into events of
     * {@code eventClass}; {@link #lost()} counts the samples the kernel could not store.
     */
    public static JfrEventStream perf(BpfMap perfEventArray, Class<? extends Event> eventClass, EventWriter writer) {
        PerfReader reader = PerfReader.open(perfEventArray);
        return new JfrEventStream(perfEventArray.name(), reader, eventClass, writer,
                s -> timeout -> reader.poll(timeout, (cpu, data, offset, length) -> s.record(data, offset, length)));
    }

    private void record(MemorySegment data, long offset, int length) {
        if (type.isEnabled()) {
            writer.write(data, offset, length);
            written++;
        } else {
            skipped++;
        }
    }

    private void loop() {
        try {
            while (!closing) {
                poll.poll(POLL);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                reader.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }

    /** Records written as events so far. */
    public long written() {
        return written;
    }

    /** Records read while no recording enabled the event type, so dropped. */
    public long skipped() {
        return skipped;
    }

    /** Samples the kernel reported lost (perf buffers; a ring buffer's BPF program counts its own failed reservations). */
    public long lost() {
        return reader instanceof PerfReader p && !p.isClosed() ? p.lostSamples() : 0;
    }

    /** Whether the stream still runs: false after {@link #close()} or a failure of the writer. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops the thread (within one poll, 100 ms) and closes the reader; the map stays open.
     *
     * @throws IllegalStateException when the writer or the reader failed while streaming (the cause)
     */
    @Override
    public void close() {
        closing = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("streaming into JFR events failed: " + failure, failure);
        }
    }
}
