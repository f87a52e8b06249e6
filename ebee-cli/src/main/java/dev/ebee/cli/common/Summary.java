package dev.ebee.cli.common;

import java.io.PrintWriter;

/** The final summary line of an event tool, on stderr. */
public final class Summary {
    private Summary() {
    }

    public static void print(PrintWriter err, String tool, long events, long lost) {
        err.println(tool + ": " + events + (events == 1 ? " event" : " events") + ", " + lost + " lost");
        err.flush();
    }
}
