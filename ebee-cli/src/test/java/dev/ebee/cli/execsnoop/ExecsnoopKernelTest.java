package dev.ebee.cli.execsnoop;

import dev.ebee.cli.bpf.ExecsnoopBpf;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.RingBufStream;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.HeldProcess;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("kernel")
class ExecsnoopKernelTest {

    static ExecsnoopCommand command(CountDownLatch attached) {
        return new ExecsnoopCommand(cfg -> {
            EventStream s = KernelExecsnoop.open(cfg);
            attached.countDown();
            return s;
        });
    }

    static long run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(Run r, long pid) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : r.outLines()) {
            Map<String, Object> o = Json.object(line);
            if (((Number) o.get("pid")).longValue() == pid) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void tracesArgumentsTruncationAndFailures() throws Exception {
        Kernel.requireBpf();
        CountDownLatch attached = new CountDownLatch(1);
        ToolThread tool = ToolThread.start(command(attached), attached, "--json", "-d", "3");
        tool.awaitAttached();

        List<String> many = new ArrayList<>(List.of("/bin/echo"));
        for (int i = 0; i < 30; i++) {
            many.add("a" + i);
        }
        long manyPid = run(many.toArray(String[]::new));
        String longArg = "L".repeat(400);
        long longPid = run("/bin/echo", "short", longArg);
        long failPid = run("/bin/sh", "-c", "exec /nonexistent/ebee-prog x y");
        Run r = tool.finish();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.errLines()).last().asString().matches("execsnoop: \\d+ events?, 0 lost");

        Map<String, Object> m = events(r, manyPid).stream().filter(o -> ((List<String>) o.get("args")).get(0).equals("/bin/echo"))
                .findFirst().orElseThrow(() -> new AssertionError("no exec of /bin/echo by " + manyPid + " in\n" + r.out()));
        assertThat((List<String>) m.get("args")).hasSize(20).startsWith("/bin/echo", "a0", "a1").endsWith("a18");
        assertThat(m).containsEntry("truncated", true).containsEntry("ret", 0L).containsEntry("comm", "echo");
        assertThat(((Number) m.get("ppid")).longValue()).isEqualTo(ProcessHandle.current().pid());

        Map<String, Object> l = events(r, longPid).stream().filter(o -> ((List<String>) o.get("args")).get(0).equals("/bin/echo"))
                .findFirst().orElseThrow();
        assertThat((List<String>) l.get("args")).containsExactly("/bin/echo", "short", "L".repeat(255));
        assertThat(l).containsEntry("truncated", false);

        Map<String, Object> f = events(r, failPid).stream().filter(o -> ((Number) o.get("ret")).longValue() != 0)
                .findFirst().orElseThrow(() -> new AssertionError("no failed exec by " + failPid + " in\n" + r.out()));
        assertThat((List<String>) f.get("args")).containsExactly("/nonexistent/ebee-prog", "x", "y");
        assertThat(f).containsEntry("ret", -2L).containsEntry("comm", "sh");
    }

    /**
     * A full ring buffer: the BPF program counts what it could not reserve, and the stream reports
     * it. The program takes only the children of a shell the test holds until attached, so every
     * record and every drop is one of the shell's execs, whatever else runs on the machine.
     */
    @Test
    void countsEventsTheRingBufferCouldNotTake() throws Exception {
        Kernel.requireBpf();
        int execs = 40;
        try (HeldProcess shell = HeldProcess.start("/bin/sh", "-c",
                "i=0; while [ $i -lt " + execs + " ]; do /bin/echo \"$1\"; i=$((i + 1)); done", "sh", "B".repeat(250))) {
            ExecsnoopBpf bpf = ExecsnoopBpf.spec().eventsMaxEntries(4096).targPpid(shell.pid()).load();
            try (RingBufStream s = new RingBufStream(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0))) {
                bpf.attachAll();
                shell.run();
                int[] seen = {0};
                s.poll(0, rec -> seen[0]++);
                // a record is about 320 bytes: 12 fit in 4096
                assertThat(seen[0]).isBetween(1, 20);
                assertThat(s.lost()).isGreaterThanOrEqualTo(20);
                assertThat(seen[0] + s.lost()).isEqualTo(execs);
            }
        }
    }

    @Test
    void failedOnlyAndMaxArgsInTheKernel() throws Exception {
        Kernel.requireBpf();
        CountDownLatch attached = new CountDownLatch(1);
        ToolThread tool = ToolThread.start(command(attached), attached, "-x", "--max-args", "3", "-q", "-d", "2");
        tool.awaitAttached();
        long ok = run("/bin/echo", "fine");
        long bad = run("/bin/sh", "-c", "exec /nonexistent/ebee-x one two three four");
        Run r = tool.finish();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines().get(0)).isEqualTo("PCOMM            PID     PPID    RET ARGS");
        assertThat(r.outLines()).noneMatch(line -> line.matches("\\S+\\s+" + ok + "\\s.*"));
        assertThat(r.outLines()).anyMatch(line -> line.matches("sh\\s+" + bad + "\\s+\\d+\\s+-2 \"/nonexistent/ebee-x\" \"one\" \"two\" \\.\\.\\."));
    }
}
