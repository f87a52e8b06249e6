package dev.ebee.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ebee} command: one subcommand per tool. */
@Command(name = "ebee", mixinStandardHelpOptions = true, version = "ebee 0.1.0",
        description = "eBPF tools for the JVM",
        subcommands = {dev.ebee.cli.object.ObjectCommand.class, dev.ebee.cli.btf.BtfCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
