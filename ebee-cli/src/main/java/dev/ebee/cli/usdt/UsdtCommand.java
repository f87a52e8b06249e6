package dev.ebee.cli.usdt;

import picocli.CommandLine.Command;

/** {@code ebee usdt}: the USDT probes of binaries and processes. */
@Command(name = "usdt", description = "USDT probes (sys/sdt.h) of binaries and processes", mixinStandardHelpOptions = true,
        subcommands = {ListCommand.class})
public final class UsdtCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
