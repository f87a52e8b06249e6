package dev.ebee.bpf2java;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One diagnostic line from clang, {@code file:line:column: severity: message}. Lines that are not
 * diagnostics (the source excerpt and caret clang prints under each one, "N errors generated")
 * are kept as {@link #detail()} of the diagnostic they follow.
 *
 * @param file     the file as clang names it
 * @param line     1-based line, 0 when clang gave none
 * @param column   1-based column, 0 when clang gave none
 * @param severity "error", "fatal error", "warning" or "note"
 * @param message  clang's message
 * @param detail   the lines clang printed after it (source excerpt, caret), possibly empty
 */
public record Diagnostic(String file, int line, int column, String severity, String message, String detail) {
    private static final Pattern LINE = Pattern.compile(
            "^(.+?):(\\d+):(?:(\\d+):)? (fatal error|error|warning|note|remark): (.*)$");

    private static final Pattern TOOL = Pattern.compile("^(clang(?:-\\d+)?|[\\w./-]*/clang(?:-\\d+)?): (fatal error|error|warning): (.*)$");

    public boolean isError() {
        return severity.endsWith("error");
    }

    /** {@code file:line:column: severity: message}, the form IDEs and Maven consoles link. */
    public String location() {
        if (line <= 0) {
            return file;
        }
        return file + ":" + line + (column > 0 ? ":" + column : "");
    }

    @Override
    public String toString() {
        return location() + ": " + severity + ": " + message;
    }

    /** Parses clang's stderr. Text before the first diagnostic is returned as a diagnostic without a location. */
    public static List<Diagnostic> parse(String stderr) {
        List<Diagnostic> out = new ArrayList<>();
        String file = null, severity = null, message = null;
        int line = 0, column = 0;
        StringBuilder detail = new StringBuilder();
        for (String l : stderr.split("\n", -1)) {
            Matcher m = LINE.matcher(l);
            if (m.matches()) {
                if (message != null) {
                    out.add(new Diagnostic(file, line, column, severity, message, detail.toString().stripTrailing()));
                }
                file = m.group(1);
                line = Integer.parseInt(m.group(2));
                column = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                severity = m.group(4);
                message = m.group(5);
                detail.setLength(0);
            } else if (l.matches("^\\d+ (errors?|warnings?)( and \\d+ (errors?|warnings?))? generated\\.$")) {
                // summary line; the count is visible from the list
            } else if (TOOL.matcher(l).matches()) {
                // e.g. "clang: error: unknown argument" has no file:line
                Matcher g = TOOL.matcher(l);
                g.matches();
                if (message != null) {
                    out.add(new Diagnostic(file, line, column, severity, message, detail.toString().stripTrailing()));
                    message = null;
                    detail.setLength(0);
                }
                out.add(new Diagnostic(g.group(1), 0, 0, g.group(2), g.group(3), ""));
            } else if (message != null) {
                detail.append(l).append('\n');
            } else if (!l.isBlank()) {
                out.add(new Diagnostic("clang", 0, 0, "note", l, ""));
            }
        }
        if (message != null) {
            out.add(new Diagnostic(file, line, column, severity, message, detail.toString().stripTrailing()));
        }
        return out;
    }
}
