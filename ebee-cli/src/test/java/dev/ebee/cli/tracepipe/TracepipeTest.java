package dev.ebee.cli.tracepipe;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TracepipeTest {
    static final long T = 1_700_000_000_123_456L;

    @Test
    void parsesPrintkLines() {
        TraceLine t = TraceLine.parse(
                "            bash-4051    [001] ...21  6302.535436: bpf_trace_printk: execve called by PID: 4051");
        assertThat(t).isEqualTo(new TraceLine("bash", 4051, 1, "...21", 6302.535436, "bpf_trace_printk",
                "execve called by PID: 4051"));
        assertThat(t.text()).isEqualTo("execve called by PID: 4051");
    }

    @Test
    void parsesTasksWithDashesSpacesAndTgidColumn() {
        TraceLine a = TraceLine.parse("   kworker/u8:2-my-1234  (   1230) [003] d..1. 12.000001: bpf_trace_printk: hi");
        assertThat(a.task()).isEqualTo("kworker/u8:2-my");
        assertThat(a.pid()).isEqualTo(1234);
        assertThat(a.cpu()).isEqualTo(3);
        TraceLine b = TraceLine.parse("  Web Content-77      [000] .... 1.5: bpf_trace_printk: a: b: c");
        assertThat(b.task()).isEqualTo("Web Content");
        assertThat(b.message()).isEqualTo("a: b: c");
        TraceLine c = TraceLine.parse("           <...>-9   [010]  100.250000: bpf_trace_printk: no flags");
        assertThat(c.task()).isEqualTo("<...>");
        assertThat(c.cpu()).isEqualTo(10);
        assertThat(c.flags()).isEmpty();
        assertThat(c.timestamp()).isEqualTo(100.25);
        TraceLine d = TraceLine.parse("          <idle>-0       [001] d.h2. 99.000000: some_event: key=1 value=2");
        assertThat(d.function()).isEqualTo("some_event");
        assertThat(d.text()).isEqualTo("some_event: key=1 value=2");
    }

    @Test
    void rejectsOtherLines() {
        assertThat(TraceLine.parse("")).isNull();
        assertThat(TraceLine.parse("# tracer: nop")).isNull();
        assertThat(TraceLine.parse("CPU:2 [LOST 17 EVENTS]")).isNull();
        assertThat(TraceLine.parse("bash-99999999999 [001] .... 1.0: x")).isNull();
        assertThat(TraceLine.lostCount("CPU:2 [LOST 17 EVENTS]")).isEqualTo(17);
        assertThat(TraceLine.lostCount("bash-1 [001] .... 1.0: x")).isEqualTo(-1);
    }

    @Test
    void output() {
        TraceLine t = TraceLine.parse("            bash-4051    [001] ...21  6302.535436: bpf_trace_printk: execve called by PID: 4051");
        StringWriter w = new StringWriter();
        TracepipeCommand.Output o = new TracepipeCommand.Output(new PrintWriter(w), false, ZoneOffset.UTC);
        o.header();
        o.event(T, t);
        o.flush();
        assertThat(w.toString().split("\n")).containsExactly(
                "TIME      TASK             PID     CPU MESSAGE",
                "22:13:20  bash             4051    1   execve called by PID: 4051");
        StringWriter j = new StringWriter();
        TracepipeCommand.Output js = new TracepipeCommand.Output(new PrintWriter(j), true, ZoneOffset.UTC);
        js.event(T, t);
        js.flush();
        Map<String, Object> m = Json.object(j.toString().strip());
        assertThat(m.keySet()).containsExactly("time", "task", "pid", "cpu", "timestamp", "message");
        assertThat(m).containsEntry("timestamp", 6302.535436).containsEntry("message", "execve called by PID: 4051");
    }

    /** The reader on a FIFO: lines split across writes, several per write, and a lost-events note. */
    @Test
    void readsLinesFromAPipe(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("trace_pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mk.exitValue()).isZero();
        boolean[] attached = {false}, detached = {false};
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> Run.of(new TracepipeCommand(() -> {
            attached[0] = true;
            return () -> detached[0] = true;
        }, () -> fifo), "--json", "-d", "1.5"));
        try (OutputStream w = Files.newOutputStream(fifo)) {
            w.write("  bash-10  [000] .... 1.000001: bpf_trace_printk: execve called ".getBytes(StandardCharsets.UTF_8));
            w.flush();
            Thread.sleep(150);
            w.write(("by PID: 10\n  sh-11  [001] .... 2.5: bpf_trace_printk: execve called by PID: 11\n"
                    + "CPU:1 [LOST 3 EVENTS]\n").getBytes(StandardCharsets.UTF_8));
            w.flush();
        }
        Run r = run.get(20, TimeUnit.SECONDS);
        assertThat(r.exit()).isZero();
        assertThat(attached[0]).isTrue();
        assertThat(detached[0]).isTrue();
        List<String> pids = new ArrayList<>();
        for (String l : r.outLines()) {
            Map<String, Object> m = Json.object(l);
            pids.add(m.get("pid") + ":" + m.get("message"));
        }
        assertThat(pids).containsExactly("10:execve called by PID: 10", "11:execve called by PID: 11");
        assertThat(r.errLines()).containsExactly("Lost 3 events", "tracepipe: 2 lines, 3 lost");
    }

    @Test
    void noProgramLoadsNothing(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("p");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // keep a writer open so that the FIFO does not report hang-up
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> Run.of(new TracepipeCommand(() -> {
            throw new AssertionError("must not load");
        }, () -> fifo), "--no-program", "-d", "0.5"));
        try (OutputStream w = Files.newOutputStream(fifo)) {
            Run r = run.get(20, TimeUnit.SECONDS);
            assertThat(r.exit()).isZero();
            assertThat(r.outLines()).containsExactly("TIME      TASK             PID     CPU MESSAGE");
        }
    }
}
