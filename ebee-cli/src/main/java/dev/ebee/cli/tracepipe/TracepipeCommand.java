package dev.ebee.cli.tracepipe;

import dev.ebee.cli.common.FastArgs;
import dev.ebee.fs.TracePipeReader;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.cli.common.ToolOutput;
import dev.ebee.cli.common.StopSignal;
import dev.ebee.cli.common.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/** tracepipe: streams the kernel's trace_pipe, parsed, with a bpf_printk program on execve. */
@Command(name = "tracepipe", mixinStandardHelpOptions = true,
        description = "Stream /sys/kernel/tracing/trace_pipe, parsed; loads a bpf_printk program on execve.")
public final class TracepipeCommand extends ProbeCommand<TracepipeProbe> {
    @Option(names = "--no-program", description = "only read trace_pipe; load no program")
    boolean noProgram;

    private final Supplier<Path> pipePath;

    public TracepipeCommand() {
        this(KernelTracepipe::attach, TraceFs::tracePipe);
    }

    public TracepipeCommand(TracepipeProbe probe, Supplier<Path> pipePath) {
        super(probe);
        this.pipePath = pipePath;
    }

    @Override
    protected void toolArgs(FastArgs a) {
        a.flag(() -> noProgram = true, "--no-program");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Path path = pipePath.get();
        java.util.function.LongFunction<Output> output0 = withFields(start -> new Output(out, run.json(), null));
        try (StopSignal stop = StopSignal.install(run.duration());
             AutoCloseable program = noProgram ? () -> { } : probe.attach();
             TracePipeReader pipe = TracePipeReader.open(path)) {
            stop.startDuration();
            Output output = output0.apply(0);
            output.header();
            output.flush();
            long[] counts = {0, 0};
            while (!stop.stopped()) {
                int n = pipe.poll(Duration.ofMillis(stop.timeoutMillis(100)), line -> {
                    long lost = TraceLine.lostCount(line);
                    if (lost >= 0) {
                        counts[1] += lost;
                        err.println("Lost " + lost + " events");
                        err.flush();
                        return;
                    }
                    TraceLine t = TraceLine.parse(line);
                    if (t != null) {
                        output.event(Times.nowMicros(), t);
                        counts[0]++;
                    }
                });
                if (n > 0) {
                    output.flush();
                }
            }
            output.flush();
            err.println("tracepipe: " + counts[0] + (counts[0] == 1 ? " line, " : " lines, ") + counts[1] + " lost");
            err.flush();
        }
        return 0;
    }

    /** {@code TIME TASK PID CPU MESSAGE}, or JSON with time, task, pid, cpu, timestamp, message. */
    public static final class Output extends ToolOutput {
        private final ZoneId zone;

        public Output(PrintWriter out, boolean json, ZoneId zone) {
            super(out, json, List.of(new Column("time", "TIME", "%-9s"), new Column("task", "TASK", "%-16s"),
                    new Column("pid", "PID", "%-7d"), new Column("cpu", "CPU", "%-3d"), new Column("message", "MESSAGE", "%s")));
            this.zone = zone;
        }

        public void event(long epochMicros, TraceLine t) {
            row(epochMicros, () -> new Object[] {Times.hms(epochMicros, zone), t.task(), t.pid(), t.cpu(), t.text()}, g -> {
                g.writeStringField("task", t.task());
                g.writeNumberField("pid", t.pid());
                g.writeNumberField("cpu", t.cpu());
                g.writeNumberField("timestamp", t.timestamp());
                g.writeStringField("message", t.text());
            });
        }
    }
}
