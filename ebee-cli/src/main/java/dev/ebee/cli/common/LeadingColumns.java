package dev.ebee.cli.common;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional leading columns of a table (TIME, TIME(s), UID, then CONTAINER and CGROUP) as
 * bcc's tools print them: each left-aligned in a fixed width.
 *
 * @param startMicros when the tool started, for TIME(s)
 * @param zone        for the TIME column; null for the system's zone (see {@link Times#hms})
 */
public record LeadingColumns(TableOptions options, long startMicros, ZoneId zone) {

    /** The columns the options ask for, in order. */
    public List<ToolOutput.Column> columns() {
        List<ToolOutput.Column> c = new ArrayList<>();
        if (options.time()) {
            c.add(new ToolOutput.Column("time", "TIME", "%-8s"));
        }
        if (options.timestamp()) {
            c.add(new ToolOutput.Column("seconds", "TIME(s)", "%-8s"));
        }
        if (options.uid()) {
            c.add(new ToolOutput.Column("uid", "UID", "%-6d"));
        }
        if (options.containers()) {
            c.add(new ToolOutput.Column("container", "CONTAINER", "%-12s"));
            c.add(new ToolOutput.Column("cgroup", "CGROUP", "%-24s"));
        }
        return c;
    }

    /**
     * Fills the cells of {@link #columns()} at the start of {@code cells}.
     *
     * @param cgroupPath the event's cgroup v2 path (null when unknown); read only with {@code --containers}
     */
    public void cells(Object[] cells, long epochMicros, long uid, String cgroupPath) {
        int i = 0;
        if (options.time()) {
            cells[i++] = Times.hms(epochMicros, zone);
        }
        if (options.timestamp()) {
            cells[i++] = Times.secondsSince(startMicros, epochMicros);
        }
        if (options.uid()) {
            cells[i++] = uid;
        }
        if (options.containers()) {
            String id = Containers.shortId(cgroupPath);
            cells[i++] = id == null ? "-" : id;
            cells[i] = cgroupPath == null ? "?" : cgroupPath;
        }
    }
}
