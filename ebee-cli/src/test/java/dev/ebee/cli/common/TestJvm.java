package dev.ebee.cli.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A JVM a test starts from a single source file (the source launcher): its program prints
 * {@code ready}, then does its work when the test sends a line ({@link #go()}) and prints what it
 * prints then, so that the test attaches its tool between the two. Killed when closed.
 */
public final class TestJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private TestJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code /usr/lib/jvm/JDK/bin/java OPTIONS SOURCE} (the test is skipped when that JDK
     * is not installed), {@code source} written into {@code dir} as {@code MAIN.java}; returns once
     * it printed {@code ready}.
     */
    public static TestJvm start(String jdk, Path dir, String main, String source, String... options) throws IOException {
        Path java = Path.of("/usr/lib/jvm", jdk, "bin/java");
        assumeThat(Files.isExecutable(java)).as(java + " is not installed").isTrue();
        Path src = Files.writeString(dir.resolve(main + ".java"), source);
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(List.of(options));
        cmd.add(src.toString());
        TestJvm jvm = new TestJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        jvm.expect("ready");
        return jvm;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends the line that starts the program's work. */
    public void go() throws IOException {
        process.getOutputStream().write('\n');
        process.getOutputStream().flush();
    }

    /** Reads the program's next line, which must be {@code line}. */
    public void expect(String line) throws IOException {
        assertThat(out.readLine()).isEqualTo(line);
    }

    /** Closes the program's stdin and waits for it to exit. */
    public void end() throws Exception {
        process.getOutputStream().close();
        assertThat(process.waitFor()).isZero();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
