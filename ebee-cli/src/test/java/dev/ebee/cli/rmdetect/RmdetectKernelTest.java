package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.HeldProcess;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("kernel")
class RmdetectKernelTest {

    static RmdetectCommand command(CountDownLatch attached) {
        return new RmdetectCommand(cfg -> {
            EventStream s = KernelRmdetect.open(cfg);
            attached.countDown();
            return s;
        }, Path.of("/proc"));
    }

    /**
     * A python3 in {@code cwd} that runs {@code lines} once released. All the deletions are its
     * own, so that -p takes them only, in the kernel: other deletions on the machine (a build
     * cleaning up) then cannot fill the ring buffer ahead of them.
     */
    static HeldProcess deleter(Path cwd, String... lines) throws Exception {
        return HeldProcess.start(cwd.toFile(), "python3", "-c", String.join("\n", lines));
    }

    /** {@code SYSCALL PATH dir=IS_DIR ret=RET} of each deletion by {@code pid} in the JSON {@code lines}. */
    static List<String> deletions(List<String> lines, long pid) {
        List<String> seen = new ArrayList<>();
        for (String line : lines) {
            Map<String, Object> o = Json.object(line);
            if (((Number) o.get("pid")).longValue() == pid) {
                seen.add(o.get("syscall") + " " + o.get("path") + " dir=" + o.get("dir") + " ret=" + o.get("ret"));
            }
        }
        return seen;
    }

    @Test
    void absolutePathsForRelativeDeletesAndFailures(@TempDir Path tmp) throws Exception {
        Kernel.requireBpf();
        Path dir = tmp.toRealPath();
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("f1"), "1");
        Files.writeString(dir.resolve("f3"), "3");
        Files.writeString(sub.resolve("f2"), "2");
        Files.createDirectories(dir.resolve("d1"));

        CountDownLatch attached = new CountDownLatch(1);
        try (HeldProcess py = deleter(dir,
                "import ctypes, os",
                "os.unlink('f1')",
                "os.chdir('sub'); os.unlink('../f3'); os.chdir('..')",
                "os.rmdir('d1')",
                // unlinkat(AT_FDCWD, ...) as rm calls it, failing
                "assert ctypes.CDLL(None).unlinkat(-100, b'missing', 0) == -1",
                "fd = os.open('sub', os.O_RDONLY); os.unlink('f2', dir_fd=fd)");
             ToolThread tool = ToolThread.start(command(attached), attached, "--json", "--path", dir.toString(),
                     "-p", Long.toString(py.pid()))) {
            tool.awaitAttached();
            py.run();
            List<String> expected = List.of(
                    "unlink " + dir.resolve("f1") + " dir=false ret=0",
                    "unlink " + dir.resolve("f3") + " dir=false ret=0",
                    "rmdir " + dir.resolve("d1") + " dir=true ret=0",
                    "unlinkat " + dir.resolve("missing") + " dir=false ret=-2",
                    "unlinkat " + sub.resolve("f2") + " dir=false ret=0");
            tool.awaitOutput(lines -> deletions(lines, py.pid()).size() >= expected.size());
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(deletions(r.outLines(), py.pid())).containsExactlyElementsOf(expected);
            assertThat(Files.exists(dir.resolve("f1"))).isFalse();
        }
    }

    @Test
    void failedOnlyAndPidFilterInTheKernel(@TempDir Path tmp) throws Exception {
        Kernel.requireBpf();
        Path dir = tmp.toRealPath();
        Files.writeString(dir.resolve("ok"), "");
        CountDownLatch attached = new CountDownLatch(1);
        try (HeldProcess py = deleter(dir, "import os", "os.unlink('ok')",
                "try: os.unlink('nope')", "except FileNotFoundError: pass");
             ToolThread tool = ToolThread.start(command(attached), attached, "-x", "-U", "-T", "--path", dir.toString(),
                     "-p", Long.toString(py.pid()))) {
            tool.awaitAttached();
            py.run();
            String nope = "\\d\\d:\\d\\d:\\d\\d 0\\s+python3\\s+" + py.pid() + "\\s+\\d+\\s+-2 " + dir.resolve("nope");
            // records leave the ring in the order they were written: ok's would come before
            tool.awaitOutput(lines -> lines.stream().anyMatch(line -> line.matches(nope)));
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.outLines()).hasSize(2);
            assertThat(r.outLines().get(0)).isEqualTo("TIME     UID    PCOMM            PID     PPID     RET PATH");
            assertThat(r.outLines().get(1)).matches(nope);
        }
    }
}
