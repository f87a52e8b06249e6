package dev.ebee.cli.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The tools' time formats. Times are microseconds since the epoch. */
public final class Times {
    /** Built at the first formatted time, not at start-up (java.time's formatters cost milliseconds cold). */
    private static final class Formats {
        static final DateTimeFormatter RFC3339 =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
        static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
        static final DateTimeFormatter HMS_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    }

    private Times() {
    }

    /** Now, in microseconds since the epoch. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    public static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    /** RFC 3339 in UTC with microseconds: {@code 2026-11-21T22:41:55.123456Z}. */
    public static String rfc3339(long epochMicros) {
        return Formats.RFC3339.format(instant(epochMicros));
    }

    /** The system's time zone, looked up once, at the first local time printed (it costs start-up time). */
    private static final class LocalZone {
        static final ZoneId ZONE = ZoneId.systemDefault();
    }

    /** {@code HH:MM:SS} in the given zone (null: the system's). */
    public static String hms(long epochMicros, ZoneId zone) {
        return Formats.HMS.format(instant(epochMicros).atZone(zone == null ? LocalZone.ZONE : zone));
    }

    /** {@code HH:MM:SS.mmm} in the given zone (null: the system's). */
    public static String hmsMillis(long epochMicros, ZoneId zone) {
        return Formats.HMS_MILLIS.format(instant(epochMicros).atZone(zone == null ? LocalZone.ZONE : zone));
    }

    /** Seconds between two times, with three decimals: {@code 12.345}. */
    public static String secondsSince(long startMicros, long epochMicros) {
        return String.format(Locale.ROOT, "%.3f", (epochMicros - startMicros) / 1e6);
    }

    /** Seconds as a user wrote them: {@code 2} rather than {@code 2.0}, {@code 0.5} as is. */
    public static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
