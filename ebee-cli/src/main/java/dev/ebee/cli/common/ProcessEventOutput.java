package dev.ebee.cli.common;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The output of the tools with one line per process event (execsnoop, rmdetect), in bcc's
 * columns: the optional leading columns (TIME, TIME(s), UID, CONTAINER, CGROUP), PCOMM, PID and
 * PPID, then the tool's own; in JSON, pid, ppid, uid, comm, cgroup_id, cgroup (its path below the
 * cgroup2 root, null when it is gone or there is no cgroup v2) and container (a container's short
 * id, or null), then the tool's own fields.
 */
public abstract class ProcessEventOutput extends ToolOutput {
    private final LeadingColumns lead;
    private final int leading;
    private Optional<Cgroup2> cgroups; // found at the first event that needs it

    /**
     * @param lead    the leading columns of a table, or null for JSON Lines
     * @param columns the tool's own columns, after PPID
     */
    protected ProcessEventOutput(PrintWriter out, LeadingColumns lead, List<Column> columns) {
        super(out, lead == null, columns(lead, columns));
        this.lead = lead;
        this.leading = lead == null ? 0 : lead.columns().size();
    }

    private static List<Column> columns(LeadingColumns lead, List<Column> own) {
        List<Column> all = new ArrayList<>();
        if (lead != null) {
            all.addAll(lead.columns());
        }
        all.add(new Column("comm", "PCOMM", "%-16s"));
        all.add(new Column("pid", "PID", "%-7d"));
        all.add(new Column("ppid", "PPID", "%-7d"));
        all.addAll(own);
        return all;
    }

    /**
     * One event: the process's cells, then {@code cells} (the tool's own, in the order of its
     * columns); or its fields, then {@code fields}.
     */
    protected final void processLine(long epochMicros, ProcessEvent e, java.util.function.Supplier<Object[]> cells,
                                      JsonLines.Fields fields) {
        row(epochMicros, () -> {
            Object[] own = cells.get();
            Object[] all = new Object[leading + 3 + own.length];
            lead.cells(all, epochMicros, Integer.toUnsignedLong(e.uid()),
                    lead.options().containers() ? cgroupPath(e.cgroupId()) : null);
            all[leading] = e.comm();
            all[leading + 1] = e.pid();
            all[leading + 2] = e.ppid();
            System.arraycopy(own, 0, all, leading + 3, own.length);
            return all;
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
