package dev.ebee.cli.common;

import picocli.CommandLine.Option;

/** The leading columns of the table tools: {@code -T} (TIME), {@code -t} (TIME(s)), {@code -U} (UID). */
public final class TableOptions {
    @Option(names = "-T", description = "add a TIME column (HH:MM:SS)")
    boolean time;

    @Option(names = "-t", description = "add a TIME(s) column (seconds since start)")
    boolean timestamp;

    @Option(names = "-U", description = "add a UID column")
    boolean uid;

    public TableOptions() {
    }

    public TableOptions(boolean time, boolean timestamp, boolean uid) {
        this.time = time;
        this.timestamp = timestamp;
        this.uid = uid;
    }

    /** These options for {@link FastArgs}. */
    public void fastArgs(FastArgs a) {
        a.flag(() -> time = true, "-T");
        a.flag(() -> timestamp = true, "-t");
        a.flag(() -> uid = true, "-U");
    }

    public boolean time() {
        return time;
    }

    public boolean timestamp() {
        return timestamp;
    }

    public boolean uid() {
        return uid;
    }
}
