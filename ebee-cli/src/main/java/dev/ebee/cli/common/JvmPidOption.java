package dev.ebee.cli.common;

import picocli.CommandLine.Option;

import java.util.function.Function;

/**
 * {@code -p PID} of the JVM tools (jvmgc, jvmstat, jvmthreads, jvmclassload): only that JVM, else
 * every JVM of the host; and the {@link JvmTargets} it names.
 */
public final class JvmPidOption {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "only this JVM")
    Integer pid;

    /** This option for {@link FastArgs}. */
    public void fastArgs(FastArgs a) {
        a.integer(v -> v > 0, v -> pid = v, "-p", "--pid");
    }

    /**
     * The JVMs to watch: the one of {@code -p}, or with 0 every one. A pid that is not a process id
     * is thrown as {@code usage} makes it.
     */
    public JvmTargets targets(Function<String, ? extends RuntimeException> usage) {
        if (pid != null && pid <= 0) {
            throw usage.apply("invalid value for -p: '" + pid + "' (a process id)");
        }
        return JvmTargets.of(pid == null ? 0 : pid);
    }
}
