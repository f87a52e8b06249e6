package dev.ebee.cli.execsnoop;

import dev.ebee.cli.common.LeadingColumns;
import dev.ebee.cli.common.ProcessEventOutput;
import dev.ebee.cli.common.TableOptions;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;

/** execsnoop's output: bcc's table, or JSON Lines. */
public final class ExecsnoopOutput extends ProcessEventOutput {
    private final boolean quote;

    private ExecsnoopOutput(PrintWriter out, LeadingColumns lead, boolean quote) {
        super(out, lead, List.of(new Column("ret", "RET", "%3d"), new Column("args", "ARGS", "%s")));
        this.quote = quote;
    }

    public static ExecsnoopOutput table(PrintWriter out, TableOptions options, boolean quote,
                                        long startMicros, ZoneId zone) {
        return new ExecsnoopOutput(out, new LeadingColumns(options, startMicros, zone), quote);
    }

    public static ExecsnoopOutput json(PrintWriter out) {
        return new ExecsnoopOutput(out, null, false);
    }

    public void event(long epochMicros, ExecEvent e) {
        processLine(epochMicros, e, () -> new Object[] {e.ret(), argsLine(e, quote)}, g -> {
            g.writeNumberField("ret", e.ret());
            g.writeArrayFieldStart("args");
            for (String a : e.args()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeBooleanField("truncated", e.truncated());
        });
    }

    /** The arguments joined by spaces, each quoted with {@code quote}, and {@code " ..."} when truncated. */
    public static String argsLine(ExecEvent e, boolean quote) {
        StringBuilder b = new StringBuilder();
        for (String a : e.args()) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            if (quote) {
                b.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                b.append(a);
            }
        }
        if (e.truncated()) {
            b.append(" ...");
        }
        return b.toString();
    }
}
