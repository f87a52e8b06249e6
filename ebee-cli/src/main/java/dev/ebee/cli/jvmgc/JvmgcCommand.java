package dev.ebee.cli.jvmgc;

import dev.ebee.cli.bpf.JvmgcBpf.GcEvent;
import dev.ebee.cli.common.EventRun;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.JvmEventProbe;
import dev.ebee.cli.common.JvmPidOption;
import dev.ebee.cli.common.JvmTargets;
import dev.ebee.cli.common.Libjvms;
import dev.ebee.cli.common.JfrOption;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.cli.common.Times;
import dev.ebee.cli.common.ToolOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;

/**
 * jvmgc: one line per HotSpot garbage collection, on every JVM of the host (those running and those
 * started later from an installed JDK) or on one ({@code -p PID}), from libjvm.so's USDT probes.
 */
@Command(name = "jvmgc", mixinStandardHelpOptions = true,
        description = "Print each garbage collection of the JVMs on this host, with its pause (hotspot:gc__begin/gc__end USDT probes).")
public final class JvmgcCommand extends ProbeCommand<JvmEventProbe> {
    @Mixin
    JvmPidOption jvm = new JvmPidOption();

    @Option(names = "--histogram", description = "instead of a line per collection, a log2 histogram of the pauses of each JVM at the end")
    boolean histogram;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS",
            description = "with --histogram: print the histograms every SECONDS, each of that interval's pauses, as bcc's histogram tools do")
    double interval;

    @Mixin
    JfrOption jfr = new JfrOption();

    public JvmgcCommand() {
        this(KernelJvmgc::open);
    }

    public JvmgcCommand(JvmEventProbe probe) {
        super(probe);
    }

    @Override
    protected void toolArgs(FastArgs a) {
        jvm.fastArgs(a);
        a.flag(() -> histogram = true, "--histogram");
        a.seconds(86_400, v -> interval = v, "-i", "--interval");
        jfr.fastArgs(a);
    }

    @Override
    public Integer call() {
        if (interval < 0 || interval > 86_400 || (interval > 0 && !histogram)) {
            throw usage("invalid value for --interval: '" + interval + "' (seconds, more than 0, with --histogram)");
        }
        JvmTargets targets = jvm.targets(this::usage);
        PrintWriter out = out();
        PauseHistograms histograms = histogram ? new PauseHistograms() : null;
        boolean recording = jfr.enabled();
        EventRun.run("jvmgc", run.duration(), jfr, GarbageCollectionJfrEvent.NAME, err(), () -> probe.open(targets),
                withFields(start -> new Output(out, run.json(), null, histogram)), (output, rec) -> {
                    if (rec.byteSize() < GcEvent.SIZE) {
                        return false;
                    }
                    GcEvent e = GcEvent.decode(rec);
                    if (recording) {
                        GarbageCollectionJfrEvent.commit(e);
                    }
                    if (histograms != null) {
                        histograms.add(e.pid(), Libjvms.processName(e.pid(), e.comm()), e.durationNs());
                    } else {
                        output.event(Times.nowMicros(), e);
                    }
                    return true;
                }, Math.round(interval * 1000), () -> {
                    // each interval's pauses, then a fresh start, as bcc's histogram tools print with an interval
                    histograms.print(out, run.json());
                    histograms.clear();
                    out.flush();
                });
        if (histograms != null) {
            histograms.print(out, run.json());
            out.flush();
        }
        return 0;
    }

    /** {@code TIME PID TID COMM FULL PAUSE(ms)}, or JSON with time, pid, tid, comm, full, pause_ns. */
    public static final class Output extends ToolOutput {
        private final ZoneId zone;

        public Output(PrintWriter out, boolean json, ZoneId zone) {
            this(out, json, zone, false);
        }

        Output(PrintWriter out, boolean json, ZoneId zone, boolean histogram) {
            super(out, json, histogram ? "Tracing the GC pauses of the JVMs: the histograms print at the end (Ctrl-C, or -d)."
                    : String.format(Locale.ROOT, "%-9s %-7s %-7s %-16s %-4s %10s", "TIME", "PID", "TID", "COMM", "FULL",
                    "PAUSE(ms)"));
            this.zone = zone;
        }

        public void event(long epochMicros, GcEvent e) {
            line(epochMicros,
                    () -> String.format(Locale.ROOT, "%-9s %-7d %-7d %-16s %-4s %10.3f", Times.hms(epochMicros, zone), e.pid(),
                            e.tid(), e.comm(), e.full() != 0 ? "yes" : "no", e.durationNs() / 1e6),
                    g -> {
                        g.writeNumberField("pid", e.pid());
                        g.writeNumberField("tid", e.tid());
                        g.writeStringField("comm", e.comm());
                        g.writeBooleanField("full", e.full() != 0);
                        g.writeNumberField("pause_ns", e.durationNs());
                    });
        }
    }
}
