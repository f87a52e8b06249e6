package dev.ebee.cli.jvmclassload;

import dev.ebee.cli.bpf.JvmclassloadBpf.ClassEvent;
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
 * jvmclassload: one line per class loaded or unloaded, with its loader and whether it came from
 * the CDS archive, on every JVM of the host (those running and those started later from an
 * installed JDK) or on one ({@code -p PID}), from libjvm.so's class__loaded/class__unloaded USDT
 * probes. Names are dotted, as {@code -verbose:class} prints them.
 */
@Command(name = "jvmclassload", mixinStandardHelpOptions = true,
        description = "Print each class loaded or unloaded by the JVMs on this host, with its loader (hotspot:class__loaded/class__unloaded USDT probes).")
public final class JvmclassloadCommand extends ProbeCommand<JvmEventProbe> {
    @Mixin
    JvmPidOption jvm = new JvmPidOption();

    @Mixin
    JfrOption jfr = new JfrOption();

    public JvmclassloadCommand() {
        this(KernelJvmclassload::open);
    }

    public JvmclassloadCommand(JvmEventProbe probe) {
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
        EventRun.run("jvmclassload", run.duration(), jfr, ClassLoadJfrEvent.NAME, err(), () -> probe.open(targets),
                withFields(start -> new Output(out, run.json(), null)), (output, rec) -> {
                    if (rec.byteSize() < ClassEvent.SIZE) {
                        return false;
                    }
                    ClassEvent e = ClassEvent.decode(rec);
                    if (recording) {
                        ClassLoadJfrEvent.commit(e);
                    }
                    output.event(Times.nowMicros(), e);
                    return true;
                });
        return 0;
    }

    /** {@code load} or {@code unload}. */
    static String kind(ClassEvent e) {
        return e.loaded() != 0 ? "load" : "unload";
    }

    /**
     * The name as {@code -verbose:class} prints it: HotSpot's {@code java/lang/String} dotted; a
     * hidden class, which HotSpot names {@code Host+0x...}, as {@code Host/0x...}.
     */
    static String className(String internal) {
        String dotted = internal.replace('/', '.');
        int plus = dotted.lastIndexOf("+0x");
        return plus < 0 ? dotted : dotted.substring(0, plus) + "/" + dotted.substring(plus + 1);
    }

    /** The loader's id in hex, as HotSpot's logs print addresses. */
    static String loader(ClassEvent e) {
        return "0x" + Long.toHexString(e.loader());
    }

    /** {@code TIME PID TID EVENT SHARED LOADER CLASS}, or JSON with time, pid, tid, event, shared, loader, class. */
    public static final class Output extends ToolOutput {
        private static final List<Column> COLUMNS = List.of(
                new Column("time", "TIME", "%-8s"),
                new Column("pid", "PID", "%-7d"),
                new Column("tid", "TID", "%-7d"),
                new Column("event", "EVENT", "%-6s"),
                new Column("shared", "SHARED", "%-6s"),
                new Column("loader", "LOADER", "%-14s"),
                new Column("class", "CLASS", "%s"));

        private final ZoneId zone;

        public Output(PrintWriter out, boolean json, ZoneId zone) {
            super(out, json, COLUMNS);
            this.zone = zone;
        }

        public void event(long epochMicros, ClassEvent e) {
            boolean shared = e.shared() != 0;
            String name = className(e.name());
            row(epochMicros,
                    () -> new Object[]{Times.hms(epochMicros, zone), e.pid(), e.tid(), kind(e), shared ? "yes" : "no",
                            loader(e), name},
                    g -> {
                        g.writeNumberField("pid", e.pid());
                        g.writeNumberField("tid", e.tid());
                        g.writeStringField("event", kind(e));
                        g.writeBooleanField("shared", shared);
                        g.writeStringField("loader", loader(e));
                        g.writeStringField("class", name);
                    });
        }
    }
}
