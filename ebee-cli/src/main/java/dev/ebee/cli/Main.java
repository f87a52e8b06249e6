package dev.ebee.cli;

import dev.ebee.EbeeException;
import dev.ebee.cli.bashreadline.BashreadlineCommand;
import dev.ebee.cli.common.Startup;
import dev.ebee.cli.execcount.ExecCountCommand;
import dev.ebee.cli.execsnoop.ExecsnoopCommand;
import dev.ebee.cli.pktmon.PktmonCommand;
import dev.ebee.cli.rmdetect.RmdetectCommand;
import dev.ebee.cli.tracepipe.TracepipeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code ebee} command: one subcommand per tool. */
@Command(name = "ebee", mixinStandardHelpOptions = true, version = "ebee 0.1.0",
        description = "eBPF tools for the JVM",
        subcommands = {
                ExecsnoopCommand.class,
                RmdetectCommand.class,
                ExecCountCommand.class,
                PktmonCommand.class,
                BashreadlineCommand.class,
                TracepipeCommand.class,
                dev.ebee.cli.object.ObjectCommand.class,
                dev.ebee.cli.btf.BtfCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for a usage error (unknown option, bad value). */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure while running (no privileges, missing kernel feature...). */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs {@code ebee ARGS}. When the first argument names a tool, only that tool's command model
     * is built: picocli builds every subcommand's model by reflection, which costs a few hundred
     * milliseconds of start-up that a tool waiting to print its header should not pay.
     */
    public static int run(String... args) {
        Startup.mark("main");
        if (args.length > 0) {
            Object tool = tool(args[0]);
            if (tool != null) {
                CommandLine cl = commandLine(tool);
                cl.setCommandName("ebee " + args[0]);
                return cl.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
            }
        }
        return commandLine(new Main()).execute(args);
    }

    private static Object tool(String name) {
        return switch (name) {
            case "execsnoop" -> new ExecsnoopCommand();
            case "rmdetect" -> new RmdetectCommand();
            case "execcount" -> new ExecCountCommand();
            case "pktmon" -> new PktmonCommand();
            case "bashreadline" -> new BashreadlineCommand();
            case "tracepipe" -> new TracepipeCommand();
            default -> null;
        };
    }

    /**
     * A command line for {@code command} (the whole {@code ebee} or one tool) with the tools' error
     * handling: one line {@code ebee: <message>} on stderr and a non-zero exit, never a stack trace.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(prefix(c) + ": " + ex.getMessage() + " (see --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            err.println("ebee: " + message(ex));
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static String prefix(CommandLine c) {
        String name = c.getCommandSpec().qualifiedName(" ");
        return name.equals("ebee") || name.startsWith("ebee ") ? name : "ebee " + name;
    }

    /** The one-line message for an exception escaping a tool. */
    static String message(Throwable ex) {
        if (ex instanceof EbeeException e) {
            return e.oneLine();
        }
        Throwable cause = ex;
        while (cause.getCause() != null && !(cause instanceof EbeeException)) {
            cause = cause.getCause();
        }
        if (cause instanceof EbeeException e) {
            return e.oneLine();
        }
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }
}
