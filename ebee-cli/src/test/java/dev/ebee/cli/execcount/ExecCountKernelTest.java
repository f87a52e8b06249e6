package dev.ebee.cli.execcount;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("kernel")
class ExecCountKernelTest {
    @Test
    void countsExecsWithConsistentDeltas() throws Exception {
        Kernel.requireBpf();
        CountDownLatch attached = new CountDownLatch(1);
        ExecCountCommand cmd = new ExecCountCommand(() -> {
            ExecCountProbe.Counter c = KernelExecCount.open();
            attached.countDown();
            return c;
        });
        ToolThread tool = ToolThread.start(cmd, attached, "--json", "-i", "0.5", "-d", "2.2");
        tool.awaitAttached();
        int started = 0;
        for (int i = 0; i < 15; i++) {
            new ProcessBuilder("/bin/true").start().waitFor();
            started++;
        }
        Run r = tool.finish();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSizeBetween(3, 5);
        long prev = 0;
        for (String line : r.outLines()) {
            Map<String, Object> o = Json.object(line);
            long count = (Long) o.get("count");
            assertThat((Long) o.get("delta")).isEqualTo(count - prev);
            assertThat(count).isGreaterThanOrEqualTo(prev);
            prev = count;
        }
        // each start is two execve() calls (the JDK's spawn helper, then the program)
        assertThat(prev).isGreaterThanOrEqualTo(2L * started);
        String total = r.errLines().getLast();
        assertThat(total).matches("execcount: \\d+ execve\\(\\) calls in total");
        assertThat(Long.parseLong(total.replaceAll("\\D", ""))).isGreaterThanOrEqualTo(prev);
    }
}
