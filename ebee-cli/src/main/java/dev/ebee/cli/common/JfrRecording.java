package dev.ebee.cli.common;

import dev.ebee.EbeeException;
import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recording behind {@code --jfr FILE}: the tool's event types only (no JVM events, no stack
 * traces: the stack of ebee's poll loop says nothing about the kernel's event), started before the
 * probes attach and written to FILE when closed.
 *
 * <p>An event's {@code startTime} is the moment ebee read its record from the ring buffer (JFR
 * takes it at {@code commit()}; no public API sets it), a few microseconds to one poll interval
 * after the kernel wrote it; the kernel's own time ({@code bpf_ktime_get_ns} in each tool's record)
 * is the field {@code kernelTime} ({@link KernelJfrEvent}).
 */
public final class JfrRecording implements AutoCloseable {
    private final Recording recording;
    private final Path file;

    private JfrRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /**
     * Starts a recording of {@code eventNames} into {@code file}.
     *
     * @throws EbeeException when {@code file} cannot be written (one line, before anything is attached)
     */
    static JfrRecording start(Path file, String... eventNames) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new EbeeException("cannot write the JFR recording " + file
                    + (Files.isDirectory(file) ? ": it is a directory" : ": no writable directory " + dir));
        }
        Recording r = new Recording();
        r.setName("ebee");
        for (String name : eventNames) {
            r.enable(name).withoutStackTrace();
        }
        try {
            r.setDestination(file);
        } catch (IOException e) {
            r.close();
            throw new EbeeException("cannot write the JFR recording " + file + ": " + e.getMessage());
        }
        r.start();
        return new JfrRecording(r, file);
    }

    /** Stops the recording, which writes it to the file. */
    @Override
    public void close() {
        try {
            recording.stop();
        } catch (RuntimeException e) {
            throw new EbeeException("could not write the JFR recording " + file + ": " + e.getMessage());
        } finally {
            recording.close();
        }
    }
}
