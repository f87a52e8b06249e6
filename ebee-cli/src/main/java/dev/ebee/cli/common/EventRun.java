package dev.ebee.cli.common;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The run of a tool that prints one line per kernel event (execsnoop, rmdetect, bashreadline):
 * the stop signals caught, the probe attached, the header printed once it is, every record
 * handed to the tool until stopped, then the summary line (events shown, records lost) on stderr.
 */
public final class EventRun {
    /** Decodes one record and prints it; false when the tool's filters leave it out. */
    @FunctionalInterface
    public interface Show<O> {
        boolean show(O output, MemorySegment record);
    }

    private EventRun() {
    }

    /**
     * @param jfr      the tool's {@code --jfr}: a recording of {@code jfrEvent} runs while the probe is attached
     *                 (the tool's {@code show} commits the events), written when it stops
     * @param attach opens the tool's event stream (loads and attaches its programs)
     * @param output makes the output once attached, given that time (the start of TIME(s))
     */
    public static <O extends ToolOutput> void run(String tool, double durationSeconds, JfrOption jfr, String jfrEvent, PrintWriter err,
                                                  Supplier<EventStream> attach, LongFunction<O> output, Show<O> show) {
        run(tool, durationSeconds, jfr, jfrEvent, err, attach, output, show, 0, null);
    }

    /** As the other, and {@code periodic} every {@code periodMillis} while it runs (a tool's interval output). */
    public static <O extends ToolOutput> void run(String tool, double durationSeconds, JfrOption jfr, String jfrEvent,
                                                  PrintWriter err, Supplier<EventStream> attach, LongFunction<O> output,
                                                  Show<O> show, long periodMillis, Runnable periodic) {
        try (StopSignal stop = StopSignal.install(durationSeconds);
             JfrRecording recording = jfr.start(jfrEvent);
             EventStream events = attach.get()) {
            stop.startDuration();
            O out = output.apply(Times.nowMicros());
            out.header();
            Startup.mark("header printed");
            out.flush();
            long[] shown = {0};
            EventLoop loop = new EventLoop(events, stop, out::flush, err);
            loop.run(rec -> {
                if (show.show(out, rec)) {
                    shown[0]++;
                }
            }, periodMillis, periodic);
            Summary.print(err, tool, shown[0], loop.lost());
        }
    }
}
