package dev.ebee.cli;

import dev.ebee.EbeeException;
import dev.ebee.KernelRefusedException;
import dev.ebee.PermissionException;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.cli.bashreadline.BashreadlineCommand;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.Startup;
import dev.ebee.cli.common.ToolCommand;
import dev.ebee.cli.execcount.ExecCountCommand;
import dev.ebee.cli.execsnoop.ExecsnoopCommand;
import dev.ebee.cli.pktmon.PktmonCommand;
import dev.ebee.cli.rmdetect.RmdetectCommand;
import dev.ebee.cli.tracepipe.TracepipeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

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
                dev.ebee.cli.jvmgc.JvmgcCommand.class,
                dev.ebee.cli.jvmstat.JvmstatCommand.class,
                dev.ebee.cli.jvmthreads.JvmthreadsCommand.class,
                dev.ebee.cli.jvmclassload.JvmclassloadCommand.class,
                dev.ebee.cli.object.ObjectCommand.class,
                dev.ebee.cli.btf.BtfCommand.class,
                dev.ebee.cli.doctor.DoctorCommand.class,
                dev.ebee.cli.usdt.UsdtCommand.class,
                dev.ebee.cli.exporter.ExporterCommand.class,
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
     * milliseconds of start-up that a tool waiting to print its header should not pay. And when
     * the tool's arguments are plain ones that {@link FastArgs} understands, no model is built
     * at all (40-50 ms of a cold start); {@code -Debee.fastArgs=false} always uses picocli.
     */
    public static int run(String... args) {
        Startup.mark("main");
        if (args.length > 0) {
            Object tool = tool(args[0]);
            if (tool != null) {
                return execute(tool, args[0], java.util.Arrays.copyOfRange(args, 1, args.length), null, null);
            }
        }
        return commandLine(new Main()).execute(args);
    }

    /**
     * Runs a tool as {@code ebee NAME ARGS} does: through {@link FastArgs} when it takes the
     * arguments, through picocli otherwise, with the same error handling either way. {@code out}
     * and {@code err} replace the process's streams when not null.
     */
    public static int execute(Object tool, String name, String[] args, PrintWriter out, PrintWriter err) {
        if (tool instanceof ToolCommand t && !"false".equals(System.getProperty("ebee.fastArgs"))) {
            FastArgs fast = new FastArgs();
            t.fastArgs(fast);
            if (fast.parse(java.util.Arrays.asList(args))) {
                Startup.mark("command line parsed (fast path)");
                if (out != null || err != null) {
                    t.streams(out, err);
                }
                return runParsed(t);
            }
        }
        CommandLine cl = commandLine(tool);
        cl.setCommandName("ebee " + name);
        if (out != null) {
            cl.setOut(out);
        }
        if (err != null) {
            cl.setErr(err);
        }
        return cl.execute(args);
    }

    /**
     * Runs a tool whose command line {@link FastArgs} applied, with the error handling that
     * {@link #commandLine} gives picocli.
     */
    private static int runParsed(ToolCommand tool) {
        try {
            Integer rc = tool.call();
            return rc == null ? 0 : rc;
        } catch (CommandLine.ParameterException ex) {
            return usageError(ex.getCommandLine(), ex.getMessage());
        } catch (Exception ex) {
            PrintWriter err = tool.errStream();
            err.println("ebee: " + message(ex, toolName(tool)));
            err.flush();
            return EXIT_FAILURE;
        }
    }

    private static int usageError(CommandLine c, String message) {
        PrintWriter err = c.getErr();
        err.println(prefix(c) + ": " + message + " (see --help)");
        err.flush();
        return EXIT_USAGE;
    }

    private static Object tool(String name) {
        return switch (name) {
            case "execsnoop" -> new ExecsnoopCommand();
            case "rmdetect" -> new RmdetectCommand();
            case "execcount" -> new ExecCountCommand();
            case "pktmon" -> new PktmonCommand();
            case "bashreadline" -> new BashreadlineCommand();
            case "tracepipe" -> new TracepipeCommand();
            case "jvmgc" -> new dev.ebee.cli.jvmgc.JvmgcCommand();
            case "jvmstat" -> new dev.ebee.cli.jvmstat.JvmstatCommand();
            case "jvmthreads" -> new dev.ebee.cli.jvmthreads.JvmthreadsCommand();
            case "jvmclassload" -> new dev.ebee.cli.jvmclassload.JvmclassloadCommand();
            default -> null;
        };
    }

    /**
     * A command line for {@code command} (the whole {@code ebee} or one tool) with the tools' error
     * handling: one line {@code ebee: <message>} on stderr and a non-zero exit, never a stack trace.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, args) -> usageError(ex.getCommandLine(), ex.getMessage()));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            err.println("ebee: " + message(ex, toolName(c.getCommand())));
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    /** Errors that a missing privilege or kernel feature causes, which {@code ebee doctor} explains. */
    private static boolean aboutTheHost(EbeeException e) {
        return e instanceof PermissionException || e instanceof UnsupportedFeatureException || e instanceof KernelRefusedException;
    }

    private static String prefix(CommandLine c) {
        String name = c.getCommandSpec().qualifiedName(" ");
        return name.equals("ebee") || name.startsWith("ebee ") ? name : "ebee " + name;
    }

    /** The name a command is declared with ({@code execsnoop}), or null. */
    private static String toolName(Object command) {
        Command c = command == null ? null : command.getClass().getAnnotation(Command.class);
        return c == null ? null : c.name();
    }

    /**
     * The one-line message for an exception escaping {@code tool} (null when not a tool). A refusal
     * for want of privileges names the capabilities this process lacks of those the tool needs
     * (the kernel's EPERM does not say which one).
     */
    static String message(Throwable ex, String tool) {
        Throwable cause = ex;
        while (cause.getCause() != null && !(cause instanceof EbeeException)) {
            cause = cause.getCause();
        }
        if (cause instanceof EbeeException e) {
            String doctor = "`ebee doctor` shows what this host lacks";
            List<String> lacking = e instanceof PermissionException && !(e instanceof KernelRefusedException)
                    ? dev.ebee.cli.doctor.ToolNeeds.capabilitiesLacking(tool) : List.of();
            if (!lacking.isEmpty()) {
                return e.getMessage() + " (this process lacks " + String.join(" and ", lacking) + ", which " + tool
                        + " needs: run it as root or grant them; " + doctor + ")";
            }
            return e.oneLine() + (aboutTheHost(e) ? " (" + doctor + ")" : "");
        }
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }
}
