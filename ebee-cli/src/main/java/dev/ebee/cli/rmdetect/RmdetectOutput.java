package dev.ebee.cli.rmdetect;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ebee.cli.common.JsonLines;
import dev.ebee.cli.common.LeadingColumns;
import dev.ebee.cli.common.TableOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Locale;

/** rmdetect's output: a table, or JSON Lines. */
public final class RmdetectOutput {
    private final PrintWriter out;
    private final LeadingColumns lead;
    private final JsonLines json;

    private RmdetectOutput(PrintWriter out, LeadingColumns lead, JsonLines json) {
        this.out = out;
        this.lead = lead;
        this.json = json;
    }

    public static RmdetectOutput table(PrintWriter out, TableOptions options, long startMicros, ZoneId zone) {
        return new RmdetectOutput(out, new LeadingColumns(options, startMicros, zone), null);
    }

    public static RmdetectOutput json(PrintWriter out) {
        return new RmdetectOutput(out, null, new JsonLines(out));
    }

    public void header() {
        if (json == null) {
            out.println(lead.header() + String.format(Locale.ROOT, "%-16s %-7s %-7s %4s %s",
                    "PCOMM", "PID", "PPID", "RET", "PATH"));
        }
    }

    /** One deletion, with its path already made absolute. */
    public void event(long epochMicros, RmEvent e, String path) {
        if (json != null) {
            try {
                JsonGenerator g = json.begin(epochMicros);
                g.writeNumberField("pid", e.pid());
                g.writeNumberField("ppid", e.ppid());
                g.writeNumberField("uid", Integer.toUnsignedLong(e.uid()));
                g.writeStringField("comm", e.comm());
                g.writeStringField("syscall", e.syscall().label());
                g.writeStringField("path", path);
                g.writeBooleanField("dir", e.isDir());
                g.writeNumberField("ret", e.ret());
                json.end();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return;
        }
        StringBuilder b = new StringBuilder(128);
        lead.append(b, epochMicros, Integer.toUnsignedLong(e.uid()));
        b.append(String.format(Locale.ROOT, "%-16s %-7d %-7d %4d %s", e.comm(), e.pid(), e.ppid(), e.ret(), path));
        out.println(b);
    }

    public void flush() {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }
}
