package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
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

    static long run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
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
        RmdetectCommand cmd = new RmdetectCommand(cfg -> {
            EventStream s = KernelRmdetect.open(cfg);
            attached.countDown();
            return s;
        }, Path.of("/proc"));
        ToolThread tool = ToolThread.start(cmd, attached, "--json", "--path", dir.toString(), "-d", "3");
        tool.awaitAttached();

        long rel = run(dir, "rm", "f1");
        long up = run(sub, "rm", "../f3");
        long rmdir = run(dir, "rmdir", "d1");
        long missing = run(dir, "rm", "missing");
        long dfd = run(dir, "python3", "-c",
                "import os; fd = os.open('sub', os.O_RDONLY); os.unlink('f2', dir_fd=fd)");
        Run r = tool.finish();
        assertThat(r.exit()).as(r.err()).isZero();

        List<String> seen = new ArrayList<>();
        for (String line : r.outLines()) {
            Map<String, Object> o = Json.object(line);
            seen.add(o.get("pid") + " " + o.get("syscall") + " " + o.get("path") + " dir=" + o.get("dir") + " ret=" + o.get("ret"));
        }
        assertThat(seen).contains(
                rel + " unlinkat " + dir.resolve("f1") + " dir=false ret=0",
                up + " unlinkat " + dir.resolve("f3") + " dir=false ret=0",
                rmdir + " rmdir " + dir.resolve("d1") + " dir=true ret=0",
                missing + " unlinkat " + dir.resolve("missing") + " dir=false ret=-2",
                dfd + " unlinkat " + sub.resolve("f2") + " dir=false ret=0");
        assertThat(Files.exists(dir.resolve("f1"))).isFalse();
    }

    @Test
    void failedOnlyAndPidFilterInTheKernel(@TempDir Path tmp) throws Exception {
        Kernel.requireBpf();
        Path dir = tmp.toRealPath();
        Files.writeString(dir.resolve("ok"), "");
        CountDownLatch attached = new CountDownLatch(1);
        RmdetectCommand cmd = new RmdetectCommand(cfg -> {
            EventStream s = KernelRmdetect.open(cfg);
            attached.countDown();
            return s;
        }, Path.of("/proc"));
        ToolThread tool = ToolThread.start(cmd, attached, "-x", "-U", "-T", "--path", dir.toString(), "-d", "2");
        tool.awaitAttached();
        run(dir, "rm", "ok");
        long bad = run(dir, "rm", "nope");
        Run r = tool.finish();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(2);
        assertThat(r.outLines().get(0)).isEqualTo("TIME     UID    PCOMM            PID     PPID     RET PATH");
        assertThat(r.outLines().get(1)).matches("\\d\\d:\\d\\d:\\d\\d 0\\s+rm\\s+" + bad + "\\s+\\d+\\s+-2 " + dir.resolve("nope"));
    }
}
