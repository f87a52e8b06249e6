package dev.ebee.jfr;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class KernelClockTest {

    @Test
    void addsTheOffsetAndRoundsMillisDown() {
        KernelClock c = KernelClock.withOffset(1_700_000_000_000_000_000L);
        assertThat(c.epochNanos(1_999_999L)).isEqualTo(1_700_000_000_001_999_999L);
        assertThat(c.epochMillis(1_999_999L)).isEqualTo(1_700_000_000_001L);
        assertThat(c.instant(5L)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 5));
    }

    /** nanoTime is the kernel's CLOCK_MONOTONIC on Linux: converted, it falls between two readings of the wall clock. */
    @Test
    void monotonicNowConvertsToWallClockNow() {
        KernelClock c = KernelClock.measure();
        Instant before = Instant.now();
        Instant converted = c.instant(System.nanoTime());
        Instant after = Instant.now();
        // a microsecond of slack: the offset is measured to within the gap between two nanoTime readings
        assertThat(converted).isBetween(before.minusNanos(1_000), after.plusNanos(1_000));
    }
}
