package dev.ebee.cli.jvmthreads;

import dev.ebee.cli.bpf.JvmthreadsBpf.ThreadEvent;
import dev.ebee.cli.common.EventRun;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.JfrOption;
import dev.ebee.cli.common.JvmEventProbe;
import dev.ebee.cli.common.JvmPidOption;
import dev.ebee.cli.common.JvmTargets;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.cli.common.Times;
import dev.ebee.cli.common.ToolOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;

/**
 * jvmthreads: one line per Java thread start and stop, with the thread's name, on every JVM of the
 * host (those running and those started later from an installed JDK) or on one ({@code -p PID}),
 * from libjvm.so's thread__start/thread__stop USDT probes; in the spirit of bcc's uthreads.
 */
@Command(name = "jvmthreads", mixinStandardHelpOptions = true,
        description = "Print each Java thread start and stop of the JVMs on this host, with its name (hotspot:thread__start/thread__stop USDT probes).")
public final class JvmthreadsCommand extends ProbeCommand<JvmEventProbe> {
    @Mixin
    JvmPidOption jvm = new JvmPidOption();

    @Mixin
    JfrOption jfr = new JfrOption();

    public JvmthreadsCommand() {
        this(KernelJvmthreads::open);
    }

    public JvmthreadsCommand(JvmEventProbe probe) {
        super(probe);
    }

    @Override
    protected void toolArgs(FastArgs a) {
        jvm.fastArgs(a);
        jfr.fastArgs(a);
    }

    @Override
    public Integer call() {
        JvmTargets targets = jvm.targets(this::usage);
        PrintWriter out = out();
        boolean recording = jfr.enabled();
        EventRun.run("jvmthreads", run.duration(), jfr, JavaThreadJfrEvent.NAME, err(), () -> probe.open(targets),
                withFields(start -> new Output(out, run.json(), null)), (output, rec) -> {
                    if (rec.byteSize() < ThreadEvent.SIZE) {
                        return false;
                    }
                    ThreadEvent e = ThreadEvent.decode(rec);
                    if (recording) {
                        JavaThreadJfrEvent.commit(e);
                    }
                    output.event(Times.nowMicros(), e);
                    return true;
                });
        return 0;
    }

    /** {@code start} or {@code stop}. */
    static String kind(ThreadEvent e) {
        return e.start() != 0 ? "start" : "stop";
    }

    /** {@code TIME PID TID JTID EVENT DAEMON NAME}, or JSON with time, pid, tid, java_id, event, daemon, name. */
    public static final class Output extends ToolOutput {
        private static final List<Column> COLUMNS = List.of(
                new Column("time", "TIME", "%-8s"),
                new Column("pid", "PID", "%-7d"),
                new Column("tid", "TID", "%-7d"),
                new Column("java_id", "JTID", "%-5d"),
                new Column("event", "EVENT", "%-5s"),
                new Column("daemon", "DAEMON", "%-6s"),
                new Column("name", "NAME", "%s"));

        private final ZoneId zone;

        public Output(PrintWriter out, boolean json, ZoneId zone) {
            super(out, json, COLUMNS);
            this.zone = zone;
        }

        public void event(long epochMicros, ThreadEvent e) {
            boolean daemon = e.daemon() != 0;
            row(epochMicros,
                    () -> new Object[]{Times.hms(epochMicros, zone), e.pid(), e.tid(), e.javaId(), kind(e),
                            daemon ? "yes" : "no", e.name()},
                    g -> {
                        g.writeNumberField("pid", e.pid());
                        g.writeNumberField("tid", e.tid());
                        g.writeNumberField("java_id", e.javaId());
                        g.writeStringField("event", kind(e));
                        g.writeBooleanField("daemon", daemon);
                        g.writeStringField("name", e.name());
                    });
        }
    }
}
