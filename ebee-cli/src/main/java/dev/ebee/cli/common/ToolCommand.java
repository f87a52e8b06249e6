package dev.ebee.cli.common;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;

/**
 * What every tool command shares: its output streams and usage errors, the same whether picocli
 * parsed its command line or {@link FastArgs} did (then picocli's model is built only when a
 * usage error needs it, to name the command).
 */
public abstract class ToolCommand implements Callable<Integer> {
    /** Set by picocli; null on the fast path until {@link #commandLine()} builds the model. */
    @Spec
    protected CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;

    /** Declares the options {@link FastArgs} may apply to this command. */
    public abstract void fastArgs(FastArgs args);

    /** The streams to use on the fast path instead of the process's (tests capture them). */
    public final void streams(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** picocli's command line for this command (built now when the fast path ran). */
    protected final CommandLine commandLine() {
        if (spec == null) {
            PrintWriter o = out(); // taken before the model exists: out() and err() ask it afterwards
            PrintWriter e = err();
            CommandLine cl = new CommandLine(this); // injects spec
            cl.setOut(o);
            cl.setErr(e);
        }
        return spec.commandLine();
    }

    /** Standard output, as picocli's {@code getOut()} gives it (same encoding rule, auto-flushing). */
    protected final PrintWriter out() {
        if (spec != null) {
            return spec.commandLine().getOut();
        }
        return out != null ? out : (out = writer(System.out, "sun.stdout.encoding"));
    }

    /** Standard error, as picocli's {@code getErr()} gives it. */
    protected final PrintWriter err() {
        if (spec != null) {
            return spec.commandLine().getErr();
        }
        return err != null ? err : (err = writer(System.err, "sun.stderr.encoding"));
    }

    private static PrintWriter writer(java.io.OutputStream stream, String encodingProperty) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset(encodingProperty))), true);
    }

    /** The error stream, for reporting a failure of {@link #call()}. */
    public final PrintWriter errStream() {
        return err();
    }

    /** A usage error for this command: one line, exit code 2. */
    protected final ParameterException usage(String message) {
        return new ParameterException(commandLine(), message);
    }

    private static Charset charset(String property) {
        String name = System.getProperty(property);
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
