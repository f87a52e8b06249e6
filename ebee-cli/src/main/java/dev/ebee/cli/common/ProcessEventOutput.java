package dev.ebee.cli.common;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The output of the tools with one line per process event (execsnoop, rmdetect), in bcc's
 * columns: the optional leading columns (TIME, TIME(s), UID), PCOMM, PID and PPID, then the
 * tool's own; in JSON, pid, ppid, uid, comm, cgroup_id, cgroup (its path below the cgroup2 root,
 * null when it is gone or there is no cgroup v2) and container (a container's short id, or null),
 * then the tool's own fields.
 */
public abstract class ProcessEventOutput extends ToolOutput {
    private final LeadingColumns lead;
    private Optional<Cgroup2> cgroups; // found at the first JSON event

    /**
     * @param lead    the leading columns of a table, or null for JSON Lines
     * @param columns the header of the tool's own columns
     */
    protected ProcessEventOutput(PrintWriter out, LeadingColumns lead, String columns) {
        super(out, lead == null, lead == null ? null
                : lead.header() + String.format(Locale.ROOT, "%-16s %-7s %-7s ", "PCOMM", "PID", "PPID") + columns);
        this.lead = lead;
    }

    /** One event: the process's columns, then {@code columns}; or its fields, then {@code fields}. */
    protected final void processLine(long epochMicros, ProcessEvent e, Supplier<String> columns, JsonLines.Fields fields) {
        line(epochMicros, () -> {
            StringBuilder b = new StringBuilder(128);
            lead.append(b, epochMicros, Integer.toUnsignedLong(e.uid()),
                    lead.options().containers() ? cgroupPath(e.cgroupId()) : null);
            b.append(String.format(Locale.ROOT, "%-16s %-7d %-7d ", e.comm(), e.pid(), e.ppid()));
            return b.append(columns.get()).toString();
        }, g -> {
            g.writeNumberField("pid", e.pid());
            g.writeNumberField("ppid", e.ppid());
            g.writeNumberField("uid", Integer.toUnsignedLong(e.uid()));
            g.writeStringField("comm", e.comm());
            g.writeNumberField("cgroup_id", e.cgroupId());
            String cgroup = cgroupPath(e.cgroupId());
            g.writeStringField("cgroup", cgroup);
            g.writeStringField("container", Containers.shortId(cgroup));
            fields.write(g);
        });
    }

    private String cgroupPath(long id) {
        if (cgroups == null) {
            cgroups = Cgroup2.find();
        }
        return cgroups.map(c -> c.path(id)).orElse(null);
    }
}
