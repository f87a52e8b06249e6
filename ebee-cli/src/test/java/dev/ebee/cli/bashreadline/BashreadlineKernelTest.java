package dev.ebee.cli.bashreadline;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** bash driven through a pseudo-terminal (python's pty), its typed lines seen by the uretprobe. */
@Tag("kernel")
class BashreadlineKernelTest {
    static final String DRIVER = String.join("\n",
            "import os, pty, sys, time",
            "pid, fd = pty.fork()",
            "if pid == 0:",
            "    argv = sys.argv[1].split(' ')",
            "    os.execv(argv[0], argv)",
            "print(pid, flush=True)",
            "time.sleep(0.5)",
            "for line in sys.argv[2:]:",
            "    os.write(fd, (line + '\\n').encode())",
            "    time.sleep(0.2)",
            "end = time.time() + 5",
            "while time.time() < end:",
            "    try:",
            "        if not os.read(fd, 4096): break",
            "    except OSError: break",
            "os.waitpid(pid, 0)");

    @Test
    void seesTheLinesTypedIntoBash() throws Exception {
        Kernel.requireBpf();
        assumeThat(Files.isExecutable(Path.of("/bin/bash"))).isTrue();
        CountDownLatch attached = new CountDownLatch(1);
        BashreadlineCommand cmd = new BashreadlineCommand(t -> {
            EventStream s = KernelBashreadline.open(t);
            attached.countDown();
            return s;
        });
        ToolThread tool = ToolThread.start(cmd, attached, "--json", "-d", "3");
        tool.awaitAttached();
        String marker = "echo ebee-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        String longLine = "true " + "z".repeat(300);
        Process p = new ProcessBuilder("python3", "-c", DRIVER, "/bin/bash --norc --noprofile -i", marker, longLine, "exit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long bash = Long.parseLong(out.lines().findFirst().orElseThrow().strip());
        Run r = tool.finish();
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.outLines().stream().map(Json::object)
                .filter(o -> ((Long) o.get("pid")) == bash).map(o -> (String) o.get("command")).toList();
        assertThat(lines).containsExactly(marker, longLine.substring(0, 255), "exit");
        Map<String, Object> first = Json.object(r.outLines().getFirst());
        assertThat(first.keySet()).containsExactly("time", "pid", "command");
    }

    /** bc takes readline from libreadline.so: the probe goes into the library. */
    @Test
    void findsReadlineInASharedLibrary() throws Exception {
        Kernel.requireBpf();
        Path bc = Path.of("/usr/bin/bc");
        assumeThat(Files.isExecutable(bc)).as("/usr/bin/bc").isTrue();
        assumeThat(ReadlineTarget.find(bc).file().getFileName().toString()).startsWith("libreadline");
        CountDownLatch attached = new CountDownLatch(1);
        BashreadlineCommand cmd = new BashreadlineCommand(t -> {
            EventStream s = KernelBashreadline.open(t);
            attached.countDown();
            return s;
        });
        ToolThread tool = ToolThread.start(cmd, attached, "--json", "--shell", bc.toString(), "-d", "3");
        tool.awaitAttached();
        Process p = new ProcessBuilder("python3", "-c", DRIVER, "/usr/bin/bc -q", "6*7", "quit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long pid = Long.parseLong(out.lines().findFirst().orElseThrow().strip());
        Run r = tool.finish();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines().stream().map(Json::object).filter(o -> ((Long) o.get("pid")) == pid)
                .map(o -> (String) o.get("command")).toList()).containsExactly("6*7", "quit");
    }
}
