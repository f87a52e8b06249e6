package dev.ebee.cli.common;

import java.time.ZoneId;
import java.util.Locale;

/**
 * Formats the optional leading columns of a table (TIME, TIME(s), UID) as bcc's tools do: each
 * left-aligned in a fixed width, followed by a space.
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
        return b.toString();
    }

    public void append(StringBuilder b, long epochMicros, long uid) {
        if (options.time()) {
            b.append(String.format(Locale.ROOT, "%-8s ", Times.hms(epochMicros, zone)));
        }
        if (options.timestamp()) {
            b.append(String.format(Locale.ROOT, "%-8s ", Times.secondsSince(startMicros, epochMicros)));
        }
        if (options.uid()) {
            b.append(String.format(Locale.ROOT, "%-6d ", uid));
        }
    }
}
