package dev.ebee.cli.privilege;

import dev.ebee.testing.ReadableClassPath;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ebee TOOL ARGS} in a JVM of its own, as root or as nobody with exactly the capabilities
 * given (setpriv), its stdout and stderr collected line by line as they come.
 */
final class ToolProcess implements AutoCloseable {
    private static final long DEADLINE_MS = 60_000;

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ToolProcess(List<String> cmd, ReadableClassPath cp) throws IOException {
        process = new ProcessBuilder(cmd).directory(cp.dir().toFile()).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(l);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "tool-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static List<String> java(ReadableClassPath cp, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", cp.classPath(), "dev.ebee.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ToolProcess asRoot(ReadableClassPath cp, String... args) throws IOException {
        return new ToolProcess(java(cp, args), cp);
    }

    /** As uid and gid 65534 with only {@code caps} (setpriv's names: {@code +bpf,+perfmon}). */
    static ToolProcess asNobody(ReadableClassPath cp, String caps, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all," + caps, "--ambient-caps=-all," + caps, "--bounding-set=-all," + caps));
        cmd.addAll(java(cp, args));
        return new ToolProcess(cmd, cp);
    }

    /** Waits until a line matches; fails with everything printed so far when the deadline passes or the tool exits. */
    String awaitLine(Predicate<String> which) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (true) {
            boolean exited = !process.isAlive();
            if (exited) {
                reader.join(5_000); // what it printed before exiting
            }
            synchronized (lines) {
                for (String l : lines) {
                    if (which.test(l)) {
                        return l;
                    }
                }
                if (exited || System.currentTimeMillis() >= end) {
                    throw new AssertionError("no such line " + (exited ? "before the tool exited (" + process.exitValue() + ")"
                            : "within " + DEADLINE_MS + " ms") + "; it printed:\n" + String.join("\n", lines));
                }
                lines.wait(200);
            }
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for the tool to end by itself (after an error, say); its exit status. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited by itself: " + lines()).isTrue();
        return process.exitValue();
    }

    /** SIGTERM, as Ctrl-C would end it (unless it has exited already); the exit status. */
    int stop() throws InterruptedException {
        process.toHandle().destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
