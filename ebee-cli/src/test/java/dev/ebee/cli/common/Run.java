package dev.ebee.cli.common;

import dev.ebee.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** Runs a tool in-process with captured stdout and stderr. */
public record Run(int exit, String out, String err) {

    /** Runs {@code command} as {@code ebee NAME ARGS} does (the fast path included), capturing its output. */
    public static Run of(Object command, String... args) {
        return of(command, new StringWriter(), new StringWriter(), args);
    }

    /** {@link #of(Object, String...)} writing into {@code out} and {@code err}, which others may read meanwhile. */
    public static Run of(Object command, StringWriter out, StringWriter err, String... args) {
        String name = command.getClass().getAnnotation(CommandLine.Command.class).name();
        int exit = Main.execute(command, name, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    public List<String> outLines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    public List<String> errLines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
    }
}
