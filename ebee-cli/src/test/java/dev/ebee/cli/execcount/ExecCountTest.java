package dev.ebee.cli.execcount;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ExecCountTest {
    static ExecCountProbe counting(AtomicLong n, boolean[] closed) {
        return () -> new ExecCountProbe.Counter() {
            @Override
            public long count() {
                return n.addAndGet(3);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
    }

    @Test
    void printsCumulativeCounts() {
        boolean[] closed = {false};
        Run r = Run.of(new ExecCountCommand(counting(new AtomicLong(), closed)), "-i", "0.1", "-d", "0.35");
        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).hasSizeBetween(2, 4);
        assertThat(r.outLines().get(0)).isEqualTo("execve() calls: 3");
        assertThat(r.outLines().get(1)).isEqualTo("execve() calls: 6");
        assertThat(r.errLines().get(0)).startsWith("Counting execve() calls");
        assertThat(r.errLines().get(r.errLines().size() - 1)).matches("execcount: \\d+ execve\\(\\) calls in total");
        assertThat(closed[0]).isTrue();
    }

    @Test
    void jsonHasCountAndDelta() {
        Run r = Run.of(new ExecCountCommand(counting(new AtomicLong(), new boolean[1])), "-i", "0.1", "-d", "0.35", "--json");
        assertThat(r.exit()).isZero();
        Map<String, Object> first = Json.object(r.outLines().get(0));
        assertThat(first.keySet()).containsExactly("time", "count", "delta");
        assertThat(first).containsEntry("count", 3L).containsEntry("delta", 3L);
        assertThat(Json.object(r.outLines().get(1))).containsEntry("count", 6L).containsEntry("delta", 3L);
        assertThat((String) first.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    }

    @Test
    void badIntervalFails() {
        for (String v : new String[] {"0", "-2", "x", "NaN"}) {
            Run r = Run.of(new ExecCountCommand(() -> {
                throw new AssertionError();
            }), "-i", v);
            assertThat(r.exit()).as(v).isNotZero();
            assertThat(r.errLines()).as(v).hasSize(1);
        }
    }
}
