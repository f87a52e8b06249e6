package dev.ebee.cli.common;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What a tool prints on stdout: a table (a header line, then one row a line), or with
 * {@code --json} one JSON object a line and no header. A tool's output class says what its
 * lines hold; this class decides which of the two forms they take, and which fields they keep
 * ({@code --fields}).
 *
 * <p>A columnar table declares its {@link Column}s, each named by the JSON key of what it shows,
 * so that {@code --fields comm,pid,args} keeps the same things in a table and in JSON. A table of
 * free-form lines (pktmon's, execcount's) has no columns to choose.
 */
public abstract class ToolOutput {
    /**
     * A table column: the JSON key of what it shows, its header, and the format of its cells (a
     * printf conversion such as {@code %-16s}, {@code %3d}, {@code %10.3f}; {@code %s} for the
     * last, which is not padded).
     */
    public record Column(String key, String header, String format) {
        /** The header cell, in the width and alignment of the cells. */
        String headerCell() {
            return String.format(Locale.ROOT, format.replaceAll("(\\.\\d+)?[a-zA-Z]$", "s"), header);
        }
    }

    private final PrintWriter out;
    private final JsonLines json;
    private final String tableHeader;
    private final List<Column> columns;
    private int[] shown; // indexes of the columns kept, in order

    /** A table of free-form lines. @param tableHeader its first line, or null for a table without one */
    protected ToolOutput(PrintWriter out, boolean json, String tableHeader) {
        this.out = out;
        this.json = json ? new JsonLines(out) : null;
        this.tableHeader = tableHeader;
        this.columns = List.of();
    }

    /** A table of {@code columns}, or JSON Lines when {@code json}. */
    protected ToolOutput(PrintWriter out, boolean json, List<Column> columns) {
        this.out = out;
        this.json = json ? new JsonLines(out) : null;
        this.tableHeader = null;
        this.columns = List.copyOf(columns);
        this.shown = new int[columns.size()];
        for (int i = 0; i < shown.length; i++) {
            shown[i] = i;
        }
    }

    /**
     * Keeps only {@code fields} (all when empty): the JSON keys of that name, and in a table the
     * columns that show them. Call it before {@link #header()}.
     *
     * @throws IllegalArgumentException for a table without columns, or a name no column has
     */
    public final void select(List<String> fields) {
        if (fields.isEmpty()) {
            return;
        }
        if (json != null) {
            json.keepOnly(fields);
            return;
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("this tool's table has no columns to choose; --fields chooses JSON keys with --json");
        }
        List<Integer> keep = new ArrayList<>();
        for (String f : fields) {
            int i = indexOf(f);
            if (i < 0) {
                throw new IllegalArgumentException("no field '" + f + "' in this table; its fields: "
                        + String.join(",", columns.stream().map(Column::key).toList()));
            }
            keep.add(i);
        }
        shown = keep.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    private int indexOf(String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Prints the table's header line; JSON Lines have none. */
    public final void header() {
        if (json != null) {
            return;
        }
        if (!columns.isEmpty()) {
            out.println(join(i -> columns.get(i).headerCell()));
        } else if (tableHeader != null) {
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

    /** One row of a columnar table ({@code cells} in the order of the columns), or an object of {@code fields}. */
    protected final void row(long epochMicros, Supplier<Object[]> cells, JsonLines.Fields fields) {
        if (json == null) {
            Object[] c = cells.get();
            out.println(join(i -> String.format(Locale.ROOT, columns.get(i).format(), c[i])));
        } else {
            json.object(epochMicros, fields);
        }
    }

    /** The kept columns' texts joined by one space, without trailing blanks (the last column is not padded). */
    private String join(java.util.function.IntFunction<String> cell) {
        StringBuilder b = new StringBuilder(128);
        for (int k = 0; k < shown.length; k++) {
            if (k > 0) {
                b.append(' ');
            }
            b.append(cell.apply(shown[k]));
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        return b.toString();
    }

    public final void flush() {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }
}
