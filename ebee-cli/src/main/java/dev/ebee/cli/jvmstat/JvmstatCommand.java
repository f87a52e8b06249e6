package dev.ebee.cli.jvmstat;

import dev.ebee.cli.bpf.JvmstatBpf.JvmCounts;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.JvmPidOption;
import dev.ebee.cli.common.JvmTargets;
import dev.ebee.cli.common.Libjvms;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.cli.common.StopSignal;
import dev.ebee.cli.common.Ticker;
import dev.ebee.cli.common.Times;
import dev.ebee.cli.common.ToolOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * jvmstat: every interval, one line per JVM with what its HotSpot USDT probes counted in the kernel
 * during that interval (GCs and their time, threads started and stopped, classes loaded and
 * unloaded, methods compiled and the compilers' time), in the spirit of bcc's ustat.
 *
 * <p>No {@code -v} with a line per thread start or class load: those are event streams (a JVM
 * loads thousands of classes as it starts) that would bury the per-interval table, and they need
 * a ring buffer and string copies that the counts do not. A user who wants the names reaches for
 * a tool of one line per event, as jvmgc is for collections; jvmstat stays the cheap overview.
 */
@Command(name = "jvmstat", mixinStandardHelpOptions = true,
        description = "Every interval, per JVM: GCs and GC time, threads started and stopped, classes loaded and unloaded, "
                + "methods compiled and compile time (HotSpot USDT probes, counted in the kernel).")
public final class JvmstatCommand extends ProbeCommand<JvmstatProbe> {
    @Mixin
    JvmPidOption jvm = new JvmPidOption();

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "1",
            description = "seconds between summaries (default: ${DEFAULT-VALUE})")
    double interval = 1;

    public JvmstatCommand() {
        this(KernelJvmstat::open);
    }

    public JvmstatCommand(JvmstatProbe probe) {
        super(probe);
    }

    @Override
    protected void toolArgs(FastArgs a) {
        jvm.fastArgs(a);
        a.seconds(86_400, d -> interval = d, "-i", "--interval");
    }

    @Override
    public Integer call() {
        if (!(interval > 0) || interval > 86_400) {
            throw usage("invalid value for --interval: '" + interval + "' (seconds, more than 0)");
        }
        JvmTargets targets = jvm.targets(this::usage);
        PrintWriter out = out();
        PrintWriter err = err();
        java.util.function.LongFunction<Output> makeOutput = withFields(start -> new Output(out, run.json(), null));
        try (StopSignal stop = StopSignal.install(run.duration());
             JvmstatProbe.Counters counters = probe.open(targets)) {
            stop.startDuration();
            err.println("Counting the GCs, threads, classes and compilations of " + (targets.pid() > 0 ? "JVM " + targets.pid() : "every JVM")
                    + " every " + Times.seconds(interval) + " s; Ctrl-C to stop.");
            err.flush();
            Output output = makeOutput.apply(0);
            output.header();
            output.flush();
            Intervals intervals = new Intervals(counters, output);
            Ticker.run(stop, Math.max(1, Math.round(interval * 1000)), intervals::print);
            intervals.print(); // the partial last interval: what was counted is never lost
        }
        return 0;
    }

    /** The totals printed last, per JVM, to print the next interval as their difference. */
    private static final class Intervals {
        private static final JvmCounts NONE = new JvmCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

        private final JvmstatProbe.Counters counters;
        private final Output output;
        private final Map<Integer, JvmCounts> last = new HashMap<>();
        private final Map<Integer, String> comms = new HashMap<>();

        Intervals(JvmstatProbe.Counters counters, Output output) {
            this.counters = counters;
            this.output = output;
        }

        void print() {
            long now = Times.nowMicros();
            for (Map.Entry<Integer, JvmCounts> e : counters.read().entrySet()) {
                int jvm = e.getKey();
                String comm = Libjvms.processName(jvm, null);
                boolean exited = comm == null;
                if (exited) {
                    comm = comms.getOrDefault(jvm, "?");
                } else {
                    comms.put(jvm, comm);
                }
                output.jvm(now, jvm, comm, e.getValue(), last.getOrDefault(jvm, NONE));
                if (exited) { // its last line is out: forget it, so that its pid may be a new JVM's
                    counters.forget(jvm);
                    last.remove(jvm);
                    comms.remove(jvm);
                } else {
                    last.put(jvm, e.getValue());
                }
            }
            output.flush();
        }
    }

    /**
     * {@code TIME PID COMM GCS GC(ms) THR+ THR- CLS+ CLS- COMP CFAIL COMP(ms)}, each count over the
     * interval; or JSON with time, pid, comm, gcs, gc_ns, threads_started, threads_stopped,
     * classes_loaded, classes_unloaded, methods_compiled, compiles_failed, compile_ns.
     */
    public static final class Output extends ToolOutput {
        private static final List<Column> COLUMNS = List.of(
                new Column("time", "TIME", "%-8s"),
                new Column("pid", "PID", "%-7d"),
                new Column("comm", "COMM", "%-16s"),
                new Column("gcs", "GCS", "%5d"),
                new Column("gc_ns", "GC(ms)", "%9.3f"),
                new Column("threads_started", "THR+", "%6d"),
                new Column("threads_stopped", "THR-", "%6d"),
                new Column("classes_loaded", "CLS+", "%7d"),
                new Column("classes_unloaded", "CLS-", "%6d"),
                new Column("methods_compiled", "COMP", "%6d"),
                new Column("compiles_failed", "CFAIL", "%5d"),
                new Column("compile_ns", "COMP(ms)", "%9.3f"));

        private final ZoneId zone;

        public Output(PrintWriter out, boolean json, ZoneId zone) {
            super(out, json, COLUMNS);
            this.zone = zone;
        }

        /** The line of JVM {@code pid}: {@code now} minus {@code before}, its totals at the previous line. */
        public void jvm(long epochMicros, int pid, String comm, JvmCounts now, JvmCounts before) {
            long gcs = now.gcs() - before.gcs();
            long gcNs = now.gcNs() - before.gcNs();
            long started = now.threadsStarted() - before.threadsStarted();
            long stopped = now.threadsStopped() - before.threadsStopped();
            long loaded = now.classesLoaded() - before.classesLoaded();
            long unloaded = now.classesUnloaded() - before.classesUnloaded();
            long compiled = now.methodsCompiled() - before.methodsCompiled();
            long failed = now.compilesFailed() - before.compilesFailed();
            long compileNs = now.compileNs() - before.compileNs();
            row(epochMicros,
                    () -> new Object[]{Times.hms(epochMicros, zone), pid, comm, gcs, gcNs / 1e6, started, stopped, loaded,
                            unloaded, compiled, failed, compileNs / 1e6},
                    g -> {
                        g.writeNumberField("pid", pid);
                        g.writeStringField("comm", comm);
                        g.writeNumberField("gcs", gcs);
                        g.writeNumberField("gc_ns", gcNs);
                        g.writeNumberField("threads_started", started);
                        g.writeNumberField("threads_stopped", stopped);
                        g.writeNumberField("classes_loaded", loaded);
                        g.writeNumberField("classes_unloaded", unloaded);
                        g.writeNumberField("methods_compiled", compiled);
                        g.writeNumberField("compiles_failed", failed);
                        g.writeNumberField("compile_ns", compileNs);
                    });
        }
    }
}
