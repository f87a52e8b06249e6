package dev.ebee.cli.execsnoop;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ebee.cli.common.JsonLines;
import dev.ebee.cli.common.LeadingColumns;
import dev.ebee.cli.common.TableOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Locale;

/** execsnoop's output: bcc's table, or JSON Lines. */
public final class ExecsnoopOutput {
    private final PrintWriter out;
    private final LeadingColumns lead;
    private final JsonLines json;
    private final boolean quote;

    private ExecsnoopOutput(PrintWriter out, LeadingColumns lead, JsonLines json, boolean quote) {
        this.out = out;
        this.lead = lead;
        this.json = json;
        this.quote = quote;
    }

    public static ExecsnoopOutput table(PrintWriter out, TableOptions options, boolean quote,
                                        long startMicros, ZoneId zone) {
        return new ExecsnoopOutput(out, new LeadingColumns(options, startMicros, zone), null, quote);
    }

    public static ExecsnoopOutput json(PrintWriter out) {
        return new ExecsnoopOutput(out, null, new JsonLines(out), false);
    }

    public void header() {
        if (json == null) {
            out.println(lead.header() + String.format(Locale.ROOT, "%-16s %-7s %-7s %3s %s",
                    "PCOMM", "PID", "PPID", "RET", "ARGS"));
        }
    }

    public void event(long epochMicros, ExecEvent e) {
        if (json != null) {
            writeJson(epochMicros, e);
            return;
        }
        StringBuilder b = new StringBuilder(128);
        lead.append(b, epochMicros, Integer.toUnsignedLong(e.uid()));
        b.append(String.format(Locale.ROOT, "%-16s %-7d %-7d %3d ", e.comm(), e.pid(), e.ppid(), e.ret()));
        b.append(argsLine(e, quote));
        out.println(b);
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

    private void writeJson(long epochMicros, ExecEvent e) {
        try {
            JsonGenerator g = json.begin(epochMicros);
            g.writeNumberField("pid", e.pid());
            g.writeNumberField("ppid", e.ppid());
            g.writeNumberField("uid", Integer.toUnsignedLong(e.uid()));
            g.writeStringField("comm", e.comm());
            g.writeNumberField("ret", e.ret());
            g.writeArrayFieldStart("args");
            for (String a : e.args()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeBooleanField("truncated", e.truncated());
            json.end();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public void flush() {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }
}
