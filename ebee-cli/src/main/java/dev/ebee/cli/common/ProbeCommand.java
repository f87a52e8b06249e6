package dev.ebee.cli.common;

import picocli.CommandLine.Mixin;

/**
 * A tool that opens a probe in the kernel: the options every such tool takes ({@code --json},
 * {@code -d}) and the probe it opens, given to the constructor so that tests can put a fake one
 * in place of the kernel's.
 *
 * @param <P> what opens the tool's BPF side
 */
public abstract class ProbeCommand<P> extends ToolCommand {
    @Mixin
    protected RunOptions run = new RunOptions();

    protected final P probe;

    protected ProbeCommand(P probe) {
        this.probe = probe;
    }

    @Override
    public final void fastArgs(FastArgs a) {
        run.fastArgs(a);
        toolArgs(a);
    }

    /** Declares the tool's own options that {@link FastArgs} may apply (the run options are declared already). */
    protected abstract void toolArgs(FastArgs a);
}
