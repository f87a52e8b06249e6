package dev.ebee.cli.bashreadline;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * bash driven through a pseudo-terminal (python's pty), its typed lines seen by the uretprobe. The
 * test types a line only once the tool has printed the one before: the perf buffer has a ring per
 * CPU, and lines read on different CPUs could otherwise be printed out of order.
 */
@Tag("kernel")
public class BashreadlineKernelTest {
    public static final String DRIVER = String.join("\n",
            "import os, pty, sys, time",
            "pid, fd = pty.fork()",
            "if pid == 0:",
            "    argv = sys.argv[1].split(' ')",
            "    os.execv(argv[0], argv)",
            "print(pid, flush=True)",
            "for line in iter(sys.stdin.readline, ''):",
            "    os.write(fd, line.encode())",
            "end = time.time() + 5",
            "while time.time() < end:",
            "    try:",
            "        if not os.read(fd, 4096): break",
            "    except OSError: break",
            "os.waitpid(pid, 0)");

    /**
     * Runs {@code shell} on a pty and types {@code lines} into it, each once {@code tool} has
     * printed the one before; returns the shell's pid when it has exited.
     */
    static long drive(ToolThread tool, String shell, String... lines) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", DRIVER, shell).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            long pid = Long.parseLong(out.readLine().strip());
            try (Writer in = new OutputStreamWriter(p.getOutputStream())) {
                for (int i = 0; i < lines.length; i++) {
                    in.write(lines[i] + "\n");
                    in.flush();
                    int typed = i + 1;
                    tool.awaitOutput(printed -> commands(printed, pid).size() >= typed);
                }
            }
            out.transferTo(Writer.nullWriter());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return pid;
        } finally {
            p.destroyForcibly();
        }
    }

    /** The commands read by {@code pid} in the JSON {@code lines}. */
    static List<String> commands(List<String> lines, long pid) {
        return lines.stream().map(Json::object).filter(o -> ((Long) o.get("pid")) == pid)
                .map(o -> (String) o.get("command")).toList();
    }

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
        try (ToolThread tool = ToolThread.start(cmd, attached, "--json")) {
            tool.awaitAttached();
            String marker = "echo ebee-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
            String longLine = "true " + "z".repeat(300);
            long bash = drive(tool, "/bin/bash --norc --noprofile -i", marker, longLine, "exit");
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(commands(r.outLines(), bash)).containsExactly(marker, longLine.substring(0, 255), "exit");
            Map<String, Object> first = Json.object(r.outLines().getFirst());
            assertThat(first.keySet()).containsExactly("time", "pid", "command");
        }
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
        try (ToolThread tool = ToolThread.start(cmd, attached, "--json", "--shell", bc.toString())) {
            tool.awaitAttached();
            long pid = drive(tool, "/usr/bin/bc -q", "6*7", "quit");
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(commands(r.outLines(), pid)).containsExactly("6*7", "quit");
        }
    }
}
