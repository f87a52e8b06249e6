package dev.ebee.cli.tracepipe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code trace_pipe}, such as
 * {@code "           bash-1234    [001] d..31  5678.123456: bpf_trace_printk: execve called by PID: 1234"}.
 *
 * @param task      the task's command name (may hold spaces and dashes)
 * @param timestamp the kernel's trace clock, in seconds
 * @param function  the event or function name before the message ({@code bpf_trace_printk}), or ""
 * @param message   the text after it
 */
public record TraceLine(String task, int pid, int cpu, String flags, double timestamp, String function,
                        String message) {

    // TASK-PID, optional (TGID), [CPU], optional irq flags, TIMESTAMP:, optional "name: ", message
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(.+)-(\\d+)\\s+(?:\\(\\s*(?:\\d+|-+)\\)\\s+)?\\[(\\d+)\\]\\s+(?:([^\\s\\[\\]]{4,6})\\s+)?"
                    + "(\\d+\\.\\d+):\\s(?:([A-Za-z_][\\w.]*):\\s)?(.*)$");

    private static final Pattern LOST = Pattern.compile("^\\s*CPU:\\s*\\d+\\s+\\[LOST (\\d+) EVENTS\\]\\s*$");

    /** The count in a {@code "CPU:2 [LOST 17 EVENTS]"} line, or -1 for any other line. */
    public static long lostCount(String line) {
        Matcher m = LOST.matcher(line);
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The message as shown: bpf_printk's text alone, other events' text after their name. */
    public String text() {
        return function.isEmpty() || function.equals("bpf_trace_printk") ? message : function + ": " + message;
    }

    /** Parses a line; null for a line that is not a trace entry (such as a "CPU:2 [LOST 3 EVENTS]" note). */
    public static TraceLine parse(String line) {
        if (line == null || line.length() > 65_536) {
            return null;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        try {
            return new TraceLine(m.group(1).strip(), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4) == null ? "" : m.group(4), Double.parseDouble(m.group(5)),
                    m.group(6) == null ? "" : m.group(6), m.group(7));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
