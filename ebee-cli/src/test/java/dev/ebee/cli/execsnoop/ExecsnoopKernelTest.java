package dev.ebee.cli.execsnoop;

import dev.ebee.cli.bpf.ExecsnoopBpf;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Cgroup2;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.HeldProcess;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

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

    /** The first event of {@code pid} in the JSON {@code lines} that {@code which} accepts. */
    static Optional<Map<String, Object>> event(List<String> lines, long pid, Predicate<Map<String, Object>> which) {
        return lines.stream().map(Json::object).filter(o -> ((Number) o.get("pid")).longValue() == pid)
                .filter(which).findFirst();
    }

    @SuppressWarnings("unchecked")
    static boolean echo(Map<String, Object> o) {
        return ((List<String>) o.get("args")).get(0).equals("/bin/echo");
    }

    static boolean failed(Map<String, Object> o) {
        return ((Number) o.get("ret")).longValue() != 0;
    }

    /** The events of the test's own children only (-P this JVM), so that no other exec can fill the ring. */
    @Test
    @SuppressWarnings("unchecked")
    void tracesArgumentsTruncationAndFailures() throws Exception {
        Kernel.requireBpf();
        long jvm = ProcessHandle.current().pid();
        CountDownLatch attached = new CountDownLatch(1);
        try (ToolThread tool = ToolThread.start(command(attached), attached, "--json", "-x", "-P", Long.toString(jvm))) {
            tool.awaitAttached();

            List<String> many = new ArrayList<>(List.of("/bin/echo"));
            for (int i = 0; i < 30; i++) {
                many.add("a" + i);
            }
            long manyPid = run(many.toArray(String[]::new));
            String longArg = "L".repeat(400);
            long longPid = run("/bin/echo", "short", longArg);
            long failPid = run("/bin/sh", "-c", "exec /nonexistent/ebee-prog x y");
            tool.awaitOutput(lines -> event(lines, manyPid, ExecsnoopKernelTest::echo).isPresent()
                    && event(lines, longPid, ExecsnoopKernelTest::echo).isPresent()
                    && event(lines, failPid, ExecsnoopKernelTest::failed).isPresent());
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.errLines()).last().asString().matches("execsnoop: \\d+ events?, 0 lost");
            assertThat(r.outLines()).allSatisfy(line -> assertThat(Json.object(line)).containsEntry("ppid", jvm));

            Map<String, Object> m = event(r.outLines(), manyPid, ExecsnoopKernelTest::echo).orElseThrow();
            assertThat((List<String>) m.get("args")).hasSize(20).startsWith("/bin/echo", "a0", "a1").endsWith("a18");
            assertThat(m).containsEntry("truncated", true).containsEntry("ret", 0L).containsEntry("comm", "echo");

            Map<String, Object> l = event(r.outLines(), longPid, ExecsnoopKernelTest::echo).orElseThrow();
            assertThat((List<String>) l.get("args")).containsExactly("/bin/echo", "short", "L".repeat(255));
            assertThat(l).containsEntry("truncated", false);

            Map<String, Object> f = event(r.outLines(), failPid, ExecsnoopKernelTest::failed).orElseThrow();
            assertThat((List<String>) f.get("args")).containsExactly("/nonexistent/ebee-prog", "x", "y");
            assertThat(f).containsEntry("ret", -2L).containsEntry("comm", "sh");
        }
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
            try (BufferStream s = BufferStream.ringBuf(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0))) {
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
        try (ToolThread tool = ToolThread.start(command(attached), attached, "--failed-only", "--max-args", "3", "-q",
                "-P", Long.toString(ProcessHandle.current().pid()))) {
            tool.awaitAttached();
            long ok = run("/bin/echo", "fine");
            long bad = run("/bin/sh", "-c", "exec /nonexistent/ebee-x one two three four");
            String badLine = "sh\\s+" + bad + "\\s+\\d+\\s+-2 \"/nonexistent/ebee-x\" \"one\" \"two\" \\.\\.\\.";
            // records leave the ring in the order they were written: ok's would come before bad's
            tool.awaitOutput(lines -> lines.stream().anyMatch(line -> line.matches(badLine)));
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.outLines().get(0)).isEqualTo("PCOMM            PID     PPID    RET ARGS");
            assertThat(r.outLines()).noneMatch(line -> line.matches("\\S+\\s+" + ok + "\\s.*"));
            assertThat(r.outLines()).anyMatch(line -> line.matches(badLine));
        }
    }

    /** bcc's default: failed execs are left out in the kernel unless -x asks for them. */
    @Test
    void failedExecsOnlyWithX() throws Exception {
        Kernel.requireBpf();
        CountDownLatch attached = new CountDownLatch(1);
        try (ToolThread tool = ToolThread.start(command(attached), attached, "--json",
                "-P", Long.toString(ProcessHandle.current().pid()))) {
            tool.awaitAttached();
            long bad = run("/bin/sh", "-c", "exec /nonexistent/ebee-y");
            long after = run("/bin/echo", "after");
            // records leave the ring in order: once the later exec is out, the failed one would be too
            tool.awaitOutput(lines -> event(lines, after, ExecsnoopKernelTest::echo).isPresent());
            Run r = tool.finish();
            assertThat(r.outLines()).noneMatch(line -> failed(Json.object(line)));
            assertThat(r.outLines()).noneMatch(line -> line.contains("\"args\":[\"/nonexistent/ebee-y\""));
            assertThat(event(r.outLines(), bad, ExecsnoopKernelTest::failed)).isEmpty();
        }
    }

    /**
     * -c: only processes in the cgroup or below it, filtered in the kernel; every JSON event names
     * its cgroup by id and path.
     */
    @Test
    void cgroupFilterInTheKernel() throws Exception {
        Kernel.requireBpf();
        Path mount = Cgroup2.find().orElseThrow(() -> new AssertionError("no cgroup2 mount")).mount();
        Path group = Files.createDirectory(mount.resolve("ebee-test-" + ProcessHandle.current().pid()));
        String id = "0123456789abcdef".repeat(4);
        Path child = Files.createDirectory(group.resolve("docker-" + id + ".scope"));
        try {
            long groupId = ((Number) Files.getAttribute(group, "unix:ino")).longValue();
            long childId = ((Number) Files.getAttribute(child, "unix:ino")).longValue();
            CountDownLatch attached = new CountDownLatch(1);
            try (ToolThread tool = ToolThread.start(command(attached), attached, "--json", "-c", group.toString())) {
                tool.awaitAttached();
                long outside = run("/bin/echo", "outside");
                long inside = run("/bin/sh", "-c", "echo $$ > " + group + "/cgroup.procs && exec /bin/echo inside");
                long below = run("/bin/sh", "-c", "echo $$ > " + child + "/cgroup.procs && exec /bin/echo below");
                tool.awaitOutput(lines -> event(lines, inside, ExecsnoopKernelTest::echo).isPresent()
                        && event(lines, below, ExecsnoopKernelTest::echo).isPresent());
                Run r = tool.finish();
                assertThat(event(r.outLines(), outside, ExecsnoopKernelTest::echo)).isEmpty();
                assertThat(r.outLines()).allSatisfy(line -> assertThat(((Number) Json.object(line).get("cgroup_id")).longValue())
                        .isIn(groupId, childId));
                assertThat(event(r.outLines(), inside, ExecsnoopKernelTest::echo).orElseThrow())
                        .containsEntry("cgroup_id", groupId).containsEntry("cgroup", "/" + group.getFileName())
                        .containsEntry("container", null);
                assertThat(event(r.outLines(), below, ExecsnoopKernelTest::echo).orElseThrow())
                        .containsEntry("cgroup_id", childId)
                        .containsEntry("cgroup", "/" + group.getFileName() + "/" + child.getFileName())
                        .containsEntry("container", id.substring(0, 12));
            }
        } finally {
            Files.deleteIfExists(child); // rmdir: its processes have exited and been reaped
            Files.deleteIfExists(group);
        }
    }

    /**
     * {@code --jfr} with the table: the recording written when the tool stops holds the test's own
     * execs (children of this JVM, -P) with the fields the kernel saw, and the kernel's time of
     * each (kernelTime, from bpf_ktime_get_ns) on the wall clock: between the test's stamps taken
     * around the exec, and in the order the kernel ran them. kernelTime has milliseconds, so the
     * stamps are cut to milliseconds before comparing.
     */
    @Test
    void jfrRecordingHoldsTheTestsExecs(@TempDir Path dir) throws Exception {
        Kernel.requireBpf();
        long jvm = ProcessHandle.current().pid();
        Path file = dir.resolve("execs.jfr");
        CountDownLatch attached = new CountDownLatch(1);
        long echoPid;
        long failPid;
        Instant before;
        Instant between;
        Instant after;
        try (ToolThread tool = ToolThread.start(command(attached), attached, "-x", "--jfr", file.toString(),
                "-P", Long.toString(jvm))) {
            tool.awaitAttached();
            before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            echoPid = run("/bin/echo", "ebee-jfr", "two words");
            between = Instant.now();
            failPid = run("/bin/sh", "-c", "exec /nonexistent/ebee-jfr-x y");
            after = Instant.now();
            tool.awaitOutput(lines -> lines.stream().anyMatch(l -> l.matches("sh\\s+" + failPid + "\\s.*")));
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.outLines().get(0)).isEqualTo("PCOMM            PID     PPID    RET ARGS");
        }
        List<RecordedEvent> execs = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.ebee.Exec")).toList();
        assertThat(execs).allSatisfy(e -> assertThat(e.getInt("ppid")).isEqualTo((int) jvm));
        RecordedEvent echo = execs.stream().filter(e -> e.getInt("pid") == echoPid
                && e.getString("args").startsWith("/bin/echo")).findFirst().orElseThrow();
        assertThat(echo.getString("args")).isEqualTo("/bin/echo ebee-jfr two words");
        assertThat(echo.getString("comm")).isEqualTo("echo");
        assertThat(echo.getInt("ret")).isZero();
        // the child runs as this JVM's user: /proc/self belongs to it
        assertThat(echo.getLong("uid")).isEqualTo(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
        RecordedEvent fail = execs.stream().filter(e -> e.getInt("pid") == failPid && e.getInt("ret") != 0)
                .findFirst().orElseThrow();
        assertThat(fail.getInt("ret")).isEqualTo(-2);
        assertThat(fail.getString("args")).isEqualTo("/nonexistent/ebee-jfr-x y");
        assertThat(fail.getString("comm")).isEqualTo("sh");
        assertThat(echo.getInstant("kernelTime")).isBetween(before, between);
        assertThat(fail.getInstant("kernelTime")).isBetween(between.truncatedTo(ChronoUnit.MILLIS), after)
                .isAfterOrEqualTo(echo.getInstant("kernelTime"));
    }
}
