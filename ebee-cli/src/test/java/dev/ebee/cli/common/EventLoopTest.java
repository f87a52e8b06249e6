package dev.ebee.cli.common;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopTest {
    @Test
    void handlesRecordsReportsLostAndStopsAtTheDeadline() {
        FakeStream s = new FakeStream(List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}), 0);
        StringWriter err = new StringWriter();
        List<Byte> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        StopSignal stop = StopSignal.of(0.3);
        EventLoop loop = new EventLoop(s, stop, () -> { }, new PrintWriter(err, true));
        s.setLost(5);
        loop.run(rec -> seen.add(rec.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(seen).containsExactly((byte) 1, (byte) 2, (byte) 3);
        assertThat(loop.events()).isEqualTo(3);
        assertThat(loop.lost()).isEqualTo(5);
        assertThat(err.toString()).isEqualTo("Lost 5 events" + System.lineSeparator());
        assertThat(ms).isBetween(250L, 2_000L);
        assertThat(stop.reason()).isEqualTo("duration");
    }

    @Test
    void runsThePeriodicTask() {
        FakeStream s = new FakeStream(List.of(), 0);
        int[] ticks = {0};
        new EventLoop(s, StopSignal.of(0.35), () -> { }, new PrintWriter(new StringWriter()))
                .run(rec -> { }, 100, () -> ticks[0]++);
        assertThat(ticks[0]).isBetween(2, 4);
    }

    @Test
    void stopsOnRequest() {
        StopSignal stop = StopSignal.of(0);
        assertThat(stop.stopped()).isFalse();
        assertThat(stop.timeoutMillis(100)).isEqualTo(100);
        stop.stop("SIGINT");
        assertThat(stop.stopped()).isTrue();
        assertThat(stop.reason()).isEqualTo("SIGINT");
    }
}
