package dev.ebee.cli.common;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * What a tool prints on stdout: a table (a header line, then one row a line), or with
 * {@code --json} one JSON object a line and no header. A tool's output class says what its
 * lines hold; this class decides which of the two forms they take.
 */
public abstract class ToolOutput {
    private final PrintWriter out;
    private final JsonLines json;
    private final String tableHeader;

    /** @param tableHeader the table's first line, or null for a table without one */
    protected ToolOutput(PrintWriter out, boolean json, String tableHeader) {
        this.out = out;
        this.json = json ? new JsonLines(out) : null;
        this.tableHeader = tableHeader;
    }

    /** Prints the table's header line; JSON Lines have none. */
    public final void header() {
        if (json == null && tableHeader != null) {
            out.println(tableHeader);
        }
    }

    /**
     * One line: {@code row} in a table, or an object of {@code fields} after the {@code time}
     * field; only the form printed is built.
     */
    protected final void line(long epochMicros, Supplier<String> row, JsonLines.Fields fields) {
        if (json == null) {
            out.println(row.get());
        } else {
            json.object(epochMicros, fields);
        }
    }

    public final void flush() {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }
}
