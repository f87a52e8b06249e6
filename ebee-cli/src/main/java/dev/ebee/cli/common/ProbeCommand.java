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

    /**
     * {@code output} with {@code --fields} applied to what it makes. A name the table lacks is a
     * usage error, said now, before anything is attached.
     */
    protected final <O extends ToolOutput> java.util.function.LongFunction<O> withFields(java.util.function.LongFunction<O> output) {
        try {
            output.apply(0).select(run.fields());
        } catch (IllegalArgumentException e) {
            throw usage("invalid value for --fields: " + e.getMessage());
        }
        return start -> {
            O o = output.apply(start);
            o.select(run.fields());
            return o;
        };
    }

    /** Declares the tool's own options that {@link FastArgs} may apply (the run options are declared already). */
    protected abstract void toolArgs(FastArgs a);
}
