package dev.ebee.jfr;

import java.time.Instant;

/**
 * Converts the kernel's {@code bpf_ktime_get_ns()} (CLOCK_MONOTONIC, nanoseconds since boot,
 * stopped while suspended) to wall-clock time, for a JFR field annotated
 * {@code @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)} or for printing.
 *
 * <p>Why not JFR's own clock: an event's {@code startTime} is taken by JFR itself (its ticks, set
 * by {@code begin()} or {@code commit()}) and no public API sets it, and JFR's ticks are not the
 * kernel's clock (HotSpot counts them from the JVM's start). So an event written from a record has
 * the time ebee read the record as its {@code startTime}, and the kernel's time goes in a field
 * of its own, converted here. On Linux, HotSpot's {@link System#nanoTime()} reads CLOCK_MONOTONIC,
 * the clock of {@code bpf_ktime_get_ns()}; the offset to the wall clock is measured once, when
 * the clock is made, as the reading of {@link Instant#now()} between the two closest of a few
 * pairs of {@code nanoTime} readings. A change of the wall clock later (NTP stepping it) is not
 * followed: make a new one for a long run that must follow it.
 */
public final class KernelClock {
    private static final int SAMPLES = 8;

    /** Epoch nanoseconds minus CLOCK_MONOTONIC nanoseconds. */
    private final long offsetNanos;

    private KernelClock(long offsetNanos) {
        this.offsetNanos = offsetNanos;
    }

    /** The offset between the kernel's monotonic clock and the wall clock, measured now. */
    public static KernelClock measure() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < best) {
                best = after - before;
                offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return new KernelClock(offset);
    }

    /** A clock with a known offset (epoch nanoseconds minus monotonic nanoseconds), for tests. */
    public static KernelClock withOffset(long offsetNanos) {
        return new KernelClock(offsetNanos);
    }

    /** Nanoseconds since the epoch at kernel time {@code ktimeNanos}. */
    public long epochNanos(long ktimeNanos) {
        return ktimeNanos + offsetNanos;
    }

    /** Milliseconds since the epoch at kernel time {@code ktimeNanos}: a JFR {@code MILLISECONDS_SINCE_EPOCH} value. */
    public long epochMillis(long ktimeNanos) {
        return Math.floorDiv(epochNanos(ktimeNanos), 1_000_000L);
    }

    /** The same instant as an {@link Instant}. */
    public Instant instant(long ktimeNanos) {
        long n = epochNanos(ktimeNanos);
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }
}
