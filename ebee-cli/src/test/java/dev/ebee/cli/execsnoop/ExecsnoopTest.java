package dev.ebee.cli.execsnoop;

import dev.ebee.cli.common.FakeStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.TableOptions;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ExecsnoopTest {
    static final long T = 1_700_000_000_123_456L;
    static final ExecEvent LS = new ExecEvent(4242, 17, 1000, 1L, 0, "ls", List.of("/usr/bin/ls", "-l", "/tmp"), false, false);

    private static String table(TableOptions o, boolean quote, ExecEvent... events) {
        StringWriter w = new StringWriter();
        ExecsnoopOutput out = ExecsnoopOutput.table(new PrintWriter(w), o, quote, T - 1_500_000, ZoneOffset.UTC);
        out.header();
        for (ExecEvent e : events) {
            out.event(T, e);
        }
        out.flush();
        return w.toString();
    }

    @Test
    void tableHasBccColumns() {
        assertThat(table(new TableOptions(), false, LS).split("\n")).containsExactly(
                "PCOMM            PID     PPID    RET ARGS",
                "ls               4242    17        0 /usr/bin/ls -l /tmp");
    }

    @Test
    void timeTimestampAndUidColumnsComeFirst() {
        String[] lines = table(new TableOptions(true, true, true), false, LS).split("\n");
        assertThat(lines[0]).isEqualTo("TIME     TIME(s)  UID    PCOMM            PID     PPID    RET ARGS");
        assertThat(lines[1]).isEqualTo("22:13:20 1.500    1000   ls               4242    17        0 /usr/bin/ls -l /tmp");
        assertThat(table(new TableOptions(false, true, false), false, LS).split("\n")[1]).startsWith("1.500    ls ");
    }

    @Test
    void quotingAndTruncation() {
        ExecEvent e = new ExecEvent(1, 1, 0, 0, -2, "sh", List.of("/bin/echo", "a b", "say \"hi\"", "back\\slash"), true, false);
        assertThat(ExecsnoopOutput.argsLine(e, false)).isEqualTo("/bin/echo a b say \"hi\" back\\slash ...");
        assertThat(ExecsnoopOutput.argsLine(e, true))
                .isEqualTo("\"/bin/echo\" \"a b\" \"say \\\"hi\\\"\" \"back\\\\slash\" ...");
        assertThat(table(new TableOptions(), false, e).split("\n")[1])
                .isEqualTo("sh               1       1        -2 /bin/echo a b say \"hi\" back\\slash ...");
    }

    @Test
    void jsonFieldsAndTime() {
        StringWriter w = new StringWriter();
        ExecsnoopOutput out = ExecsnoopOutput.json(new PrintWriter(w));
        out.header();
        out.event(T, LS);
        out.event(T, new ExecEvent(5, 6, 7, 0, -13, "x", List.of("/nope"), true, true));
        out.flush();
        String[] lines = w.toString().split("\n");
        assertThat(lines).hasSize(2);
        Map<String, Object> o = Json.object(lines[0]);
        assertThat(o.keySet()).containsExactly("time", "pid", "ppid", "uid", "comm", "cgroup_id", "cgroup", "container", "ret", "args", "truncated");
        assertThat(o).containsEntry("time", "2023-11-14T22:13:20.123456Z").containsEntry("pid", 4242L)
                .containsEntry("ppid", 17L).containsEntry("uid", 1000L).containsEntry("comm", "ls")
                .containsEntry("cgroup_id", 1L)
                .containsEntry("ret", 0L).containsEntry("args", List.of("/usr/bin/ls", "-l", "/tmp"))
                .containsEntry("truncated", false);
        assertThat(Json.object(lines[1])).containsEntry("ret", -13L).containsEntry("truncated", true);
    }

    @Test
    void decodeRoundTripsAndToleratesGarbage() {
        ExecEvent back = ExecEvent.decode(MemorySegment.ofArray(LS.encode()));
        assertThat(back).isEqualTo(LS);

        assertThat(ExecEvent.decode(MemorySegment.ofArray(new byte[10]))).isNull();
        // args_count and args_size far beyond the record: decodes what is there
        byte[] b = LS.encode();
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, (int) dev.ebee.cli.bpf.ExecsnoopBpf.ExecEvent.ARGS_COUNT_OFFSET, 1_000_000);
        s.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, (int) dev.ebee.cli.bpf.ExecsnoopBpf.ExecEvent.ARGS_SIZE_OFFSET, -1);
        assertThat(ExecEvent.decode(s).args()).containsExactly("/usr/bin/ls", "-l", "/tmp");
        // no terminating NUL on the last argument
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 1);
        assertThat(ExecEvent.decode(MemorySegment.ofArray(cut)).args()).containsExactly("/usr/bin/ls", "-l", "/tmp");
    }

    @Test
    void commandStreamsFiltersAndSummarizes() {
        List<byte[]> recs = new ArrayList<>();
        recs.add(LS.encode());
        recs.add(new ExecEvent(2, 1, 0, 0, -2, "bash", List.of("/nope", "--flag"), false, false).encode());
        recs.add(new ExecEvent(3, 1, 0, 0, 0, "lsblk", List.of("/usr/bin/lsblk"), false, false).encode());
        FakeStream stream = new FakeStream(recs, 0);
        stream.setLost(2);
        AtomicReference<ExecsnoopProbe.Config> cfg = new AtomicReference<>();
        Run r = Run.of(new ExecsnoopCommand(c -> {
            cfg.set(c);
            return stream;
        }), "-n", "^ls", "-l", "/tmp$", "-d", "0.3", "--max-args", "33", "-u", "1000", "-P", "77", "-x");
        assertThat(r.exit()).isZero();
        assertThat(cfg.get()).isEqualTo(new ExecsnoopProbe.Config(1000, 77, true, false, 33, null));
        assertThat(r.outLines()).hasSize(2);
        assertThat(r.outLines().get(1)).contains("/usr/bin/ls -l /tmp");
        assertThat(r.errLines()).containsExactly("Lost 2 events", "execsnoop: 1 event, 2 lost");
        assertThat(stream.closed()).isTrue();
    }

    /** --fields keeps the same things in a table and in JSON, in the tool's order; a name the table lacks is a usage error. */
    @Test
    void fieldsChooseColumnsAndKeys() {
        Run table = Run.of(new ExecsnoopCommand(c -> new FakeStream(List.of(LS.encode()), 0)), "-d", "0.2", "--fields", "args,comm,ret");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.outLines()).containsExactly("PCOMM            RET ARGS", "ls                 0 /usr/bin/ls -l /tmp");

        Run json = Run.of(new ExecsnoopCommand(c -> new FakeStream(List.of(LS.encode()), 0)), "--json", "-d", "0.2",
                "--fields", "pid,args,cgroup_id");
        assertThat(json.exit()).isZero();
        assertThat(Json.object(json.outLines().getFirst())).containsOnlyKeys("pid", "cgroup_id", "args");

        Run bad = Run.of(new ExecsnoopCommand(c -> {
            throw new AssertionError("must not attach");
        }), "-d", "0.2", "--fields", "comm,nosuch");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errLines()).containsExactly("ebee execsnoop: invalid value for --fields: no field 'nosuch' in this table;"
                + " its fields: comm,pid,ppid,ret,args (see --help)");
    }

    @Test
    void jsonCommandHasNoHeader() {
        FakeStream stream = new FakeStream(List.of(LS.encode()), 0);
        Run r = Run.of(new ExecsnoopCommand(c -> stream), "--json", "-d", "0.2");
        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).hasSize(1);
        assertThat(Json.object(r.outLines().get(0))).containsEntry("comm", "ls");
    }

    @Test
    void badOptionsFailWithOneLine() {
        ExecsnoopProbe never = c -> {
            throw new AssertionError("must not attach");
        };
        for (String[] args : new String[][] {
                {"--max-args", "0"}, {"--max-args", "61"}, {"--max-args", "x"}, {"-u", "-5"}, {"-u", "no-such-user-x"}, {"-u", "99999999999"}, {"-P", "0"},
                {"-n", "("}, {"-l", "[a"}, {"--bogus"}, {"-d", "0"}, {"-d", "-1"}, {"-d", "soon"}, {"extra"}}) {
            Run r = Run.of(new ExecsnoopCommand(never), args);
            assertThat(r.exit()).as(String.join(" ", args)).isNotZero();
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).startsWith("ebee execsnoop: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void kernelFailureIsOneLine() {
        Run r = Run.of(new ExecsnoopCommand(c -> {
            throw new dev.ebee.PermissionException("BPF_PROG_LOAD", 1, null);
        }), "-d", "1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("ebee: BPF_PROG_LOAD: EPERM");
    }

    /** --jfr beside --json: the JSON line still prints, and the recording holds the event with every field typed and labelled. */
    @Test
    void jfrRecordingHoldsTheEventsFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.jfr");
        ExecEvent failed = new ExecEvent(4243, 17, 0, 1L, -2, "sh", List.of("/nonexistent", "x"), true, true);
        FakeStream stream = new FakeStream(List.of(LS.encode(), failed.encode()), 0);
        Run r = Run.of(new ExecsnoopCommand(c -> stream), "--json", "-x", "--jfr", file.toString(), "-d", "0.2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(2);

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.getEventType().getName()).isEqualTo("dev.ebee.Exec");
            assertThat(e.getEventType().getLabel()).isEqualTo("Exec");
            assertThat(e.getEventType().getCategoryNames()).containsExactly("ebee", "Process");
            assertThat(e.getStackTrace()).isNull();
        });
        RecordedEvent ls = events.get(0);
        assertThat(ls.getInt("pid")).isEqualTo(4242);
        assertThat(ls.getInt("ppid")).isEqualTo(17);
        assertThat(ls.getLong("uid")).isEqualTo(1000);
        assertThat(ls.getString("comm")).isEqualTo("ls");
        assertThat(ls.getString("args")).isEqualTo("/usr/bin/ls -l /tmp");
        assertThat(ls.getInt("ret")).isZero();
        assertThat(ls.getLong("cgroupId")).isEqualTo(1);
        assertThat(ls.getBoolean("truncated")).isFalse();
        assertThat(ls.getEventType().getField("pid").getLabel()).isEqualTo("PID");
        assertThat(ls.getEventType().getField("uid").getAnnotation(jdk.jfr.Unsigned.class)).isNotNull();
        RecordedEvent sh = events.get(1);
        assertThat(sh.getInt("ret")).isEqualTo(-2);
        assertThat(sh.getString("args")).isEqualTo("/nonexistent x ...");
        assertThat(sh.getBoolean("truncated")).isTrue();
        assertThat(sh.getBoolean("execveat")).isTrue();
    }

    @Test
    void jfrFileThatCannotBeWrittenIsOneLineBeforeAttaching(@TempDir Path dir) {
        ExecsnoopProbe never = c -> {
            throw new AssertionError("must not attach");
        };
        for (String file : new String[] {dir.resolve("no/such/dir/out.jfr").toString(), dir.toString()}) {
            Run r = Run.of(new ExecsnoopCommand(never), "--jfr", file, "-d", "1");
            assertThat(r.exit()).as(file).isEqualTo(1);
            assertThat(r.errLines()).as(file).hasSize(1);
            assertThat(r.err()).startsWith("ebee: cannot write the JFR recording " + file).doesNotContain("\tat ");
        }
    }
}
