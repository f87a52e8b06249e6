package dev.ebee.cli.common;

import picocli.CommandLine.Option;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code --jfr FILE}, on every event tool: each event the tool shows is also committed as a JFR
 * event (its type named {@code dev.ebee.*}) of a recording that is written to FILE when the tool
 * stops. The table or JSON Lines still print.
 */
public final class JfrOption {
    @Option(names = "--jfr", paramLabel = "FILE",
            description = "also record each event shown into the JFR recording FILE, written when the tool stops (read it with `jfr print` or JDK Mission Control)")
    Path file;

    /** These options for {@link FastArgs}. */
    public void fastArgs(FastArgs a) {
        a.string(JfrOption::validPath, v -> file = Path.of(v), "--jfr");
    }

    private static boolean validPath(String v) {
        try {
            return !v.isEmpty() && Path.of(v) != null;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Whether {@code --jfr} was given: only then may a tool touch its JFR event class (loading jdk.jfr costs start-up time). */
    public boolean enabled() {
        return file != null;
    }

    /**
     * Starts the recording of the event types named {@code eventNames}, or returns null without
     * {@code --jfr}.
     */
    public JfrRecording start(String... eventNames) {
        return file == null ? null : JfrRecording.start(file, eventNames);
    }
}
