package dev.ebee.cli.jvmgc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * jvmgc {@code --histogram}: the pauses of each JVM in power-of-two buckets of microseconds, as
 * bcc's histograms print them (a table per pid), or one JSON object per pid.
 */
final class PauseHistograms {
    private static final int BUCKETS = 40;
    private static final int BAR = 40;

    private record Jvm(String comm, long[] counts) {
    }

    private final Map<Long, Jvm> byPid = new TreeMap<>();

    void add(long pid, String comm, long pauseNs) {
        long us = pauseNs / 1000;
        int bucket = us <= 0 ? 0 : Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(us));
        byPid.computeIfAbsent(pid, p -> new Jvm(comm, new long[BUCKETS])).counts()[bucket]++;
    }

    void clear() {
        byPid.clear();
    }

    boolean isEmpty() {
        return byPid.isEmpty();
    }

    /** Bucket {@code i} holds pauses of [2^(i-1), 2^i - 1] microseconds; bucket 0 those under 1 µs. */
    private static long low(int i) {
        return i == 0 ? 0 : 1L << (i - 1);
    }

    private static long high(int i) {
        return i == 0 ? 0 : (1L << i) - 1;
    }

    void print(PrintWriter out, boolean json) {
        if (json) {
            printJson(out);
            return;
        }
        for (Map.Entry<Long, Jvm> e : byPid.entrySet()) {
            long[] c = e.getValue().counts();
            long total = 0, max = 0;
            int first = BUCKETS, last = -1;
            for (int i = 0; i < BUCKETS; i++) {
                total += c[i];
                max = Math.max(max, c[i]);
                if (c[i] > 0) {
                    first = Math.min(first, i);
                    last = i;
                }
            }
            out.printf(Locale.ROOT, "%npid %d (%s): %d pauses%n", e.getKey(), e.getValue().comm(), total);
            out.printf(Locale.ROOT, "%22s: %-8s %s%n", "usecs", "count", "distribution");
            for (int i = first; i <= last; i++) {
                int stars = (int) (c[i] * BAR / max);
                out.printf(Locale.ROOT, "%9d -> %-9d: %-8d |%-" + BAR + "s|%n", low(i), high(i), c[i], "*".repeat(stars));
            }
        }
    }

    private void printJson(PrintWriter out) {
        JsonFactory f = new JsonFactory();
        for (Map.Entry<Long, Jvm> e : byPid.entrySet()) {
            try (JsonGenerator g = f.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeNumberField("pid", e.getKey());
                g.writeStringField("comm", e.getValue().comm());
                g.writeArrayFieldStart("pause_us");
                long[] c = e.getValue().counts();
                for (int i = 0; i < BUCKETS; i++) {
                    if (c[i] > 0) {
                        g.writeStartObject();
                        g.writeNumberField("low", low(i));
                        g.writeNumberField("high", high(i));
                        g.writeNumberField("count", c[i]);
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            out.println();
        }
    }
}
