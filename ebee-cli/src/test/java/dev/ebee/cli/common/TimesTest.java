package dev.ebee.cli.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTest {
    @Test
    void rfc3339HasMicrosecondsAndUtc() {
        long micros = 1_700_000_000_123_456L;
        assertThat(Times.rfc3339(micros)).isEqualTo("2023-11-14T22:13:20.123456Z");
        assertThat(Times.rfc3339(1_700_000_000_000_000L)).isEqualTo("2023-11-14T22:13:20.000000Z");
        assertThat(Times.rfc3339(1_700_000_000_000_001L)).isEqualTo("2023-11-14T22:13:20.000001Z");
    }

    @Test
    void rfc3339ParsesBackToTheSameInstant() {
        long now = Times.nowMicros();
        OffsetDateTime t = OffsetDateTime.parse(Times.rfc3339(now));
        assertThat(t.getOffset()).isEqualTo(ZoneOffset.UTC);
        Instant i = t.toInstant();
        assertThat(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000).isEqualTo(now);
    }

    @Test
    void clockFormats() {
        long micros = 1_700_000_000_123_456L;
        assertThat(Times.hms(micros, ZoneOffset.UTC)).isEqualTo("22:13:20");
        assertThat(Times.hmsMillis(micros, ZoneOffset.UTC)).isEqualTo("22:13:20.123");
        assertThat(Times.hms(micros, ZoneOffset.ofHours(2))).isEqualTo("00:13:20");
        assertThat(Times.secondsSince(micros, micros + 2_500_000)).isEqualTo("2.500");
    }
}
