package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.LeadingColumns;
import dev.ebee.cli.common.ProcessEventOutput;
import dev.ebee.cli.common.TableOptions;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;

/** rmdetect's output: a table, or JSON Lines. */
public final class RmdetectOutput extends ProcessEventOutput {
    private RmdetectOutput(PrintWriter out, LeadingColumns lead) {
        super(out, lead, List.of(new Column("ret", "RET", "%4d"), new Column("path", "PATH", "%s")));
    }

    public static RmdetectOutput table(PrintWriter out, TableOptions options, long startMicros, ZoneId zone) {
        return new RmdetectOutput(out, new LeadingColumns(options, startMicros, zone));
    }

    public static RmdetectOutput json(PrintWriter out) {
        return new RmdetectOutput(out, null);
    }

    /** One deletion, with its path already made absolute. */
    public void event(long epochMicros, RmEvent e, String path) {
        processLine(epochMicros, e, () -> new Object[] {e.ret(), path}, g -> {
            g.writeStringField("syscall", e.syscall().label());
            g.writeStringField("path", path);
            g.writeBooleanField("dir", e.isDir());
            g.writeNumberField("ret", e.ret());
        });
    }
}
