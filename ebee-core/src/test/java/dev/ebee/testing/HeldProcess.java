package dev.ebee.testing;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child process held at its start until the test releases it, then replaced by its command
 * (same pid). Its pid is known before it does anything a probe sees, so that the probe can be
 * loaded to trace only it (or its children): other processes on the machine then cannot change
 * what the test counts.
 */
public final class HeldProcess implements AutoCloseable {
    /** Reads one line (or end of file) from stdin, then execs the arguments that follow. */
    private static final String GATE = "read _; exec \"$@\"";

    private final Process process;

    private HeldProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code command} held, in {@code dir} (null: the current directory), output discarded. */
    public static HeldProcess start(File dir, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", GATE, "sh"));
        argv.addAll(List.of(command));
        return new HeldProcess(new ProcessBuilder(argv).directory(dir).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    public static HeldProcess start(String... command) throws IOException {
        return start(null, command);
    }

    public long pid() {
        return process.pid();
    }

    /** Lets the command run and waits for it to exit; it must exit 0. */
    public void run() throws Exception {
        assertThat(runForExit()).as("exit of pid %d", pid()).isZero();
    }

    /** Lets the command run and returns its exit status (126 when the exec itself was refused). */
    public int runForExit() throws Exception {
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("pid %d exited", pid()).isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
