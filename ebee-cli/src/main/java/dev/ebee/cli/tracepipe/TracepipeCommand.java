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
import java.util.Locale;
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
        try (StopSignal stop = StopSignal.install(run.duration());
             AutoCloseable program = noProgram ? () -> { } : probe.attach();
             TracePipeReader pipe = TracePipeReader.open(path)) {
            stop.startDuration();
            Output output = new Output(out, run.json(), null);
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
            super(out, json, String.format(Locale.ROOT, "%-9s %-16s %-7s %-3s %s", "TIME", "TASK", "PID", "CPU", "MESSAGE"));
            this.zone = zone;
        }

        public void event(long epochMicros, TraceLine t) {
            line(epochMicros, () -> String.format(Locale.ROOT, "%-9s %-16s %-7d %-3d %s",
                    Times.hms(epochMicros, zone), t.task(), t.pid(), t.cpu(), t.text()), g -> {
                g.writeStringField("task", t.task());
                g.writeNumberField("pid", t.pid());
                g.writeNumberField("cpu", t.cpu());
                g.writeNumberField("timestamp", t.timestamp());
                g.writeStringField("message", t.text());
            });
        }
    }
}
