package dev.ebee.cli.execcount;

import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.cli.common.StopSignal;
import dev.ebee.cli.common.Ticker;
import dev.ebee.cli.common.Times;
import dev.ebee.cli.common.ToolOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** execcount: counts execve() calls in the kernel, printed every interval. */
@Command(name = "execcount", mixinStandardHelpOptions = true,
        description = "Count execve() calls in the kernel; print the count every interval.")
public final class ExecCountCommand extends ProbeCommand<ExecCountProbe> {
    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "2",
            description = "seconds between lines (default: ${DEFAULT-VALUE})")
    double interval = 2;


    public ExecCountCommand() {
        this(KernelExecCount::open);
    }

    public ExecCountCommand(ExecCountProbe probe) {
        super(probe);
    }

    @Override
    protected void toolArgs(FastArgs a) {
        a.seconds(86_400, d -> interval = d, "-i", "--interval");
    }

    @Override
    public Integer call() {
        if (!(interval > 0) || interval > 86_400) {
            throw usage("invalid value for --interval: '" + interval + "' (seconds, more than 0)");
        }
        PrintWriter out = out();
        PrintWriter err = err();
        java.util.function.LongFunction<Printer> makePrinter = withFields(start -> new Printer(out, run.json()));
        try (StopSignal stop = StopSignal.install(run.duration());
             ExecCountProbe.Counter counter = probe.open()) {
            stop.startDuration();
            err.println("Counting execve() calls every " + Times.seconds(interval) + " s; Ctrl-C to stop.");
            err.flush();
            Printer printer = makePrinter.apply(0);
            long[] last = {0};
            Ticker.run(stop, Math.max(1, Math.round(interval * 1000)), () -> {
                long n = counter.count();
                printer.line(Times.nowMicros(), n, n - last[0]);
                last[0] = n;
            });
            long total = counter.count();
            err.println("execcount: " + total + " execve() calls in total");
            err.flush();
        }
        return 0;
    }

    /** Prints one count line: {@code execve() calls: N}, or JSON with time, count, delta. */
    public static final class Printer extends ToolOutput {
        public Printer(PrintWriter out, boolean json) {
            super(out, json, (String) null);
        }

        /** The line, flushed at once: one comes only every interval. */
        public void line(long epochMicros, long count, long delta) {
            line(epochMicros, () -> "execve() calls: " + count, g -> {
                g.writeNumberField("count", count);
                g.writeNumberField("delta", delta);
            });
            flush();
        }
    }
}
