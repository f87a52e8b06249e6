package dev.ebee.cli.execcount;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("kernel")
class ExecCountKernelTest {
    /**
     * The counter counts every execve() on the machine, so only lower bounds are checked, and
     * they are driven by the test's own execs: the line the test waits for reads the counter
     * after them, and must count them.
     */
    @Test
    void countsExecsWithConsistentDeltas() throws Exception {
        Kernel.requireBpf();
        CountDownLatch attached = new CountDownLatch(1);
        ExecCountCommand cmd = new ExecCountCommand(() -> {
            ExecCountProbe.Counter c = KernelExecCount.open();
            attached.countDown();
            return c;
        });
        try (ToolThread tool = ToolThread.start(cmd, attached, "--json", "-i", "0.2")) {
            tool.awaitAttached();
            int started = 0;
            for (int i = 0; i < 15; i++) {
                new ProcessBuilder("/bin/true").start().waitFor();
                started++;
            }
            // the line after the first one still to come: the first may have read the counter
            // before the last exec and been printed later; the next reads it after that print
            int[] after = {-1};
            tool.awaitOutput(lines -> {
                if (after[0] < 0) {
                    after[0] = lines.size() + 1;
                }
                return lines.size() > after[0];
            });
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            List<Long> counts = new ArrayList<>();
            long prev = 0;
            for (String line : r.outLines()) {
                Map<String, Object> o = Json.object(line);
                long count = (Long) o.get("count");
                assertThat((Long) o.get("delta")).isEqualTo(count - prev);
                assertThat(count).isGreaterThanOrEqualTo(prev);
                counts.add(count);
                prev = count;
            }
            // each start is two execve() calls (the JDK's spawn helper, then the program)
            assertThat(counts.get(after[0])).isGreaterThanOrEqualTo(2L * started);
            String total = r.errLines().getLast();
            assertThat(total).matches("execcount: \\d+ execve\\(\\) calls in total");
            assertThat(Long.parseLong(total.replaceAll("\\D", ""))).isGreaterThanOrEqualTo(prev);
        }
    }
}
