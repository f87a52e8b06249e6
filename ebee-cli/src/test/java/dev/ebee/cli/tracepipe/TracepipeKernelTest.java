package dev.ebee.cli.tracepipe;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("kernel")
class TracepipeKernelTest {
    static final Path TRACE_PIPE_LOCK = Path.of("/tmp/ebee-trace_pipe.lock");

    /** The first trace line of {@code pid} in the JSON {@code lines}. */
    static Optional<Map<String, Object>> lineOf(List<String> lines, long pid) {
        return lines.stream().map(Json::object).filter(o -> ((Long) o.get("pid")) == pid).findFirst();
    }

    @Test
    void printkLinesForOurExecs() throws Exception {
        Kernel.requireBpf();
        CountDownLatch attached = new CountDownLatch(1);
        TracepipeCommand cmd = new TracepipeCommand(() -> {
            AutoCloseable c = KernelTracepipe.attach();
            attached.countDown();
            return c;
        }, TraceFs::tracePipe);
        // trace_pipe is one for the machine, with one reader at a time (a second open fails with
        // EBUSY since Linux 6.6; before, readers took each other's lines): runs of this test from
        // other checkouts on the machine take turns.
        try (FileChannel lockFile = FileChannel.open(TRACE_PIPE_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock turn = lockFile.lock();
             ToolThread tool = ToolThread.start(cmd, attached, "--json")) {
            tool.awaitAttached();
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Process p = new ProcessBuilder("/bin/true").start();
                p.waitFor();
                pids.add(p.pid());
            }
            tool.awaitOutput(lines -> pids.stream().allMatch(pid -> lineOf(lines, pid).isPresent()));
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            for (long pid : pids) {
                Map<String, Object> line = lineOf(r.outLines(), pid).orElseThrow();
                assertThat(line).containsEntry("message", "execve called by PID: " + pid);
                assertThat((Double) line.get("timestamp")).isPositive();
                assertThat((String) line.get("task")).isNotEmpty();
            }
        }
    }
}
