package dev.ebee.cli.common;

import java.time.ZoneId;
import java.util.Locale;

/**
 * Formats the optional leading columns of a table (TIME, TIME(s), UID, then CONTAINER and CGROUP)
 * as bcc's tools do: each left-aligned in a fixed width, followed by a space.
 *
 * @param startMicros when the tool started, for TIME(s)
 * @param zone        for the TIME column; null for the system's zone (see {@link Times#hms})
 */
public record LeadingColumns(TableOptions options, long startMicros, ZoneId zone) {

    public String header() {
        StringBuilder b = new StringBuilder();
        if (options.time()) {
            b.append(String.format(Locale.ROOT, "%-8s ", "TIME"));
        }
        if (options.timestamp()) {
            b.append(String.format(Locale.ROOT, "%-8s ", "TIME(s)"));
        }
        if (options.uid()) {
            b.append(String.format(Locale.ROOT, "%-6s ", "UID"));
        }
        if (options.containers()) {
            b.append(String.format(Locale.ROOT, "%-12s %-24s ", "CONTAINER", "CGROUP"));
        }
        return b.toString();
    }

    /** @param cgroupPath the event's cgroup v2 path (null when unknown); read only with {@code --containers} */
    public void append(StringBuilder b, long epochMicros, long uid, String cgroupPath) {
        if (options.time()) {
            b.append(String.format(Locale.ROOT, "%-8s ", Times.hms(epochMicros, zone)));
        }
        if (options.timestamp()) {
            b.append(String.format(Locale.ROOT, "%-8s ", Times.secondsSince(startMicros, epochMicros)));
        }
        if (options.uid()) {
            b.append(String.format(Locale.ROOT, "%-6d ", uid));
        }
        if (options.containers()) {
            String id = Containers.shortId(cgroupPath);
            b.append(String.format(Locale.ROOT, "%-12s %-24s ", id == null ? "-" : id, cgroupPath == null ? "?" : cgroupPath));
        }
    }
}
