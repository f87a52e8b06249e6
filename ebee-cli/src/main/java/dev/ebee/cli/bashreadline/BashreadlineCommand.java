package dev.ebee.cli.bashreadline;

import dev.ebee.cli.common.EventRun;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.JfrOption;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.cli.common.ToolOutput;
import dev.ebee.cli.bpf.BashreadlineBpf.ReadlineEvent;
import dev.ebee.cli.common.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/** bashreadline: the command lines typed into bash, from a uretprobe on readline(). */
@Command(name = "bashreadline", mixinStandardHelpOptions = true,
        description = "Print the lines typed into bash (uretprobe on readline).")
public final class BashreadlineCommand extends ProbeCommand<BashreadlineProbe> {
    @Option(names = {"--shell", "-s", "--shared"}, paramLabel = "PATH", defaultValue = "/bin/bash",
            description = "the shell, or the shared library that defines readline (bcc's -s), to trace (default: ${DEFAULT-VALUE})")
    Path shell = Path.of("/bin/bash");

    @Mixin
    JfrOption jfr = new JfrOption();


    public BashreadlineCommand() {
        this(KernelBashreadline::open);
    }

    public BashreadlineCommand(BashreadlineProbe probe) {
        super(probe);
    }

    @Override
    protected void toolArgs(FastArgs a) {
        a.string(v -> !v.isEmpty() && !v.contains("\0"), v -> shell = Path.of(v), "--shell", "-s", "--shared");
        jfr.fastArgs(a);
    }

    @Override
    public Integer call() {
        ReadlineTarget target = ReadlineTarget.find(shell);
        PrintWriter out = out();
        boolean recording = jfr.enabled();
        EventRun.run("bashreadline", run.duration(), jfr, BashReadlineJfrEvent.NAME, err(), () -> probe.open(target),
                withFields(start -> new Output(out, run.json(), null)), (output, rec) -> {
                    if (rec.byteSize() < ReadlineEvent.SIZE) {
                        return false;
                    }
                    ReadlineEvent e = ReadlineEvent.decode(rec);
                    output.event(Times.nowMicros(), e);
                    if (recording) {
                        BashReadlineJfrEvent.commit(e);
                    }
                    return true;
                });
        return 0;
    }

    /** {@code TIME PID COMMAND}, or JSON with time, pid, command. */
    public static final class Output extends ToolOutput {
        private final ZoneId zone;

        public Output(PrintWriter out, boolean json, ZoneId zone) {
            super(out, json, List.of(new Column("time", "TIME", "%-9s"), new Column("pid", "PID", "%-7d"),
                    new Column("command", "COMMAND", "%s")));
            this.zone = zone;
        }

        public void event(long epochMicros, ReadlineEvent e) {
            row(epochMicros, () -> new Object[] {Times.hms(epochMicros, zone), e.pid(), e.line()},
                    g -> {
                        g.writeNumberField("pid", e.pid());
                        g.writeStringField("command", e.line());
                    });
        }
    }
}
