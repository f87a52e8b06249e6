package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.FakeStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.TableOptions;
import dev.ebee.cli.rmdetect.RmEvent.DirState;
import dev.ebee.cli.rmdetect.RmEvent.Syscall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RmdetectTest {
    static final long T = 1_700_000_000_123_456L;

    static RmEvent ev(String path, DirState st, List<String> dir, int ret) {
        return new RmEvent(300, 1, 1000, 0, ret, RmEvent.AT_FDCWD, 0, Syscall.UNLINKAT, false, st, "rm", path, dir);
    }

    @Test
    void decodeRoundTrips() {
        RmEvent e = new RmEvent(1, 2, 3, 0, -2, 5, 0x200, Syscall.UNLINKAT, true, DirState.OK, "rm", "sub/x",
                List.of("b", "a"));
        assertThat(RmEvent.decode(MemorySegment.ofArray(e.encode()))).isEqualTo(e);
        assertThat(RmEvent.decode(MemorySegment.ofArray(new byte[100]))).isNull();
    }

    @Test
    void decodeToleratesBadCounts() {
        byte[] b = ev("x", DirState.OK, List.of("tmp"), 0).encode();
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, dev.ebee.cli.bpf.RmdetectBpf.RmEvent.DIR_COUNT_OFFSET, (short) 9999);
        s.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, dev.ebee.cli.bpf.RmdetectBpf.RmEvent.DIR_SIZE_OFFSET, (short) -1);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, dev.ebee.cli.bpf.RmdetectBpf.RmEvent.SYSCALL_OFFSET, (byte) 77);
        RmEvent d = RmEvent.decode(s);
        assertThat(d.dirNames()).startsWith("tmp");
        assertThat(d.syscall()).isEqualTo(Syscall.UNLINK);
    }

    @Test
    void resolvesPaths(@TempDir Path proc) throws Exception {
        assertThat(RmPaths.resolve(ev("/tmp//a/./b", DirState.NONE, List.of(), 0), proc)).isEqualTo("/tmp/a/b");
        assertThat(RmPaths.resolve(ev("x.txt", DirState.OK, List.of("src", "u", "home"), 0), proc))
                .isEqualTo("/home/u/src/x.txt");
        assertThat(RmPaths.resolve(ev("./d/x", DirState.OK, List.of(), 0), proc)).isEqualTo("/d/x");
        assertThat(RmPaths.resolve(ev("../x", DirState.OK, List.of("sub", "tmp"), 0), proc)).isEqualTo("/tmp/x");
        assertThat(RmPaths.resolve(ev("../../../x", DirState.OK, List.of("tmp"), 0), proc)).isEqualTo("/x");
        // a ".." after a name of the path may follow a symbolic link: it stays
        assertThat(RmPaths.resolve(ev("../a/../x", DirState.OK, List.of("sub", "tmp"), 0), proc)).isEqualTo("/tmp/a/../x");
        assertThat(RmPaths.resolve(ev("../../x", DirState.TRUNCATED, List.of("c"), 0), proc)).isEqualTo(".../../x");
        assertThat(RmPaths.resolve(ev("x", DirState.TRUNCATED, List.of("c", "b"), 0), proc)).isEqualTo(".../b/c/x");
        // the kernel could not walk: /proc/PID/cwd, read now
        Files.createDirectories(proc.resolve("300"));
        Files.createSymbolicLink(proc.resolve("300/cwd"), Path.of("/var/tmp"));
        assertThat(RmPaths.resolve(ev("y", DirState.FAILED, List.of(), 0), proc)).isEqualTo("/var/tmp/y");
        // and the process is gone: stays relative
        assertThat(RmPaths.resolve(new RmEvent(301, 1, 0, 0, 0, 7, 0, Syscall.UNLINKAT, false, DirState.FAILED, "rm",
                "z", List.of()), proc)).isEqualTo("z");
    }

    @Test
    void tableAndJson() {
        StringWriter w = new StringWriter();
        RmdetectOutput t = RmdetectOutput.table(new PrintWriter(w), new TableOptions(true, false, true), T, ZoneOffset.UTC);
        RmEvent e = new RmEvent(300, 1, 1000, 0, -2, -100, 0x200, Syscall.UNLINKAT, true, DirState.NONE, "rm", "/tmp/d", List.of());
        t.header();
        t.event(T, e, "/tmp/d");
        t.flush();
        assertThat(w.toString().split("\n")).containsExactly(
                "TIME     UID    PCOMM            PID     PPID     RET PATH",
                "22:13:20 1000   rm               300     1         -2 /tmp/d");

        StringWriter j = new StringWriter();
        RmdetectOutput js = RmdetectOutput.json(new PrintWriter(j));
        js.event(T, e, "/tmp/d");
        js.flush();
        Map<String, Object> o = Json.object(j.toString().strip());
        assertThat(o.keySet()).containsExactly("time", "pid", "ppid", "uid", "comm", "cgroup_id", "cgroup", "container", "syscall", "path", "dir", "ret");
        assertThat(o).containsEntry("time", "2023-11-14T22:13:20.123456Z").containsEntry("syscall", "unlinkat")
                .containsEntry("dir", true).containsEntry("ret", -2L).containsEntry("path", "/tmp/d");
    }

    @Test
    void commandFiltersByNameAndPathPrefix(@TempDir Path proc) {
        FakeStream s = new FakeStream(List.of(
                ev("a", DirState.OK, List.of("tmp"), 0).encode(),
                ev("/tmpfoo/b", DirState.NONE, List.of(), 0).encode(),
                ev("/etc/c", DirState.NONE, List.of(), 0).encode(),
                new RmEvent(9, 1, 0, 0, 0, -100, 0, Syscall.RMDIR, true, DirState.NONE, "python3", "/tmp/d", List.of()).encode()),
                0);
        AtomicReference<RmdetectProbe.Config> cfg = new AtomicReference<>();
        Run r = Run.of(new RmdetectCommand(c -> {
            cfg.set(c);
            return s;
        }, proc), "--path", "/tmp", "-n", "^rm$", "-p", "300", "-x", "-d", "0.2", "--json");
        assertThat(r.exit()).isZero();
        assertThat(cfg.get()).isEqualTo(new RmdetectProbe.Config(300, true, null));
        assertThat(r.outLines()).hasSize(1);
        assertThat(Json.object(r.outLines().get(0))).containsEntry("path", "/tmp/a");
        assertThat(r.errLines()).containsExactly("rmdetect: 1 event, 0 lost");
    }

    @Test
    void badOptionsFailWithOneLine() {
        RmdetectProbe never = c -> {
            throw new AssertionError("must not attach");
        };
        for (String[] args : new String[][] {{"-p", "0"}, {"-p", "x"}, {"--path", "relative/dir"}, {"-n", "*"}, {"-q"}}) {
            Run r = Run.of(new RmdetectCommand(never, Path.of("/proc")), args);
            assertThat(r.exit()).as(String.join(" ", args)).isNotZero();
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
        }
    }
}
