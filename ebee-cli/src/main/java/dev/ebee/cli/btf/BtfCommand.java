package dev.ebee.cli.btf;

import picocli.CommandLine.Command;

/** {@code ebee btf}: BTF of the kernel or of an object. */
@Command(name = "btf", description = "Show BTF type information", mixinStandardHelpOptions = true,
        subcommands = {DumpCommand.class})
public final class BtfCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
