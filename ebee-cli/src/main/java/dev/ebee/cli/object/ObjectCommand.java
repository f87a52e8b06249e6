package dev.ebee.cli.object;

import picocli.CommandLine.Command;

/** {@code ebee object}: look inside and load clang-built BPF objects. */
@Command(name = "object", description = "Inspect or load a BPF object file (ELF built by clang -target bpf)",
        mixinStandardHelpOptions = true, subcommands = {InspectCommand.class, LoadCommand.class})
public final class ObjectCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
