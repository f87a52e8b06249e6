package dev.ebee.link;

import dev.ebee.features.KernelRefusedException;
import dev.ebee.features.Privileges;
import dev.ebee.fs.BpfFs;
import dev.ebee.fs.TracepointNotFoundException;
import dev.ebee.sys.Fd;
import dev.ebee.sys.SyscallException;
import dev.ebee.sys.UnsupportedFeatureException;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class TracingLinksTest {
    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    /** Starts /bin/true and returns its pid once it has exited. */
    static long runChild() throws Exception {
        Process p = new ProcessBuilder("/bin/true").start();
        long pid = p.pid();
        assertThat(p.waitFor()).isZero();
        return pid;
    }

    @Test
    void tracepointSeesChildExec() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_TRACEPOINT, TestBpf.countByTgid(map.get(), 0));
             Tracepoint link = Tracepoint.attach(prog.get(), "sched", "sched_process_exec")) {
            long pid = runChild();
            assertThat(TestBpf.lookup(map, (int) pid)).as("execs counted for child %d", pid).isGreaterThanOrEqualTo(1);
            LinkInfo info = link.info();
            assertThat(info.type()).isEqualTo(LinkType.PERF_EVENT);
            assertThat(info.progId()).isEqualTo(TestBpf.progId(prog.get()));
            assertThat(info.id()).isPositive();
            assertThat(link.perfEventFd()).isPositive();
        }
    }

    @Test
    void closedTracepointStopsCounting() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_TRACEPOINT, TestBpf.countByTgid(map.get(), 0))) {
            Tracepoint.attach(prog.get(), "sched:sched_process_exec").close();
            long pid = runChild();
            assertThat(TestBpf.lookup(map, (int) pid)).isEqualTo(-1);
        }
    }

    @Test
    void unknownTracepointIsNamed() {
        try (Fd prog = TestBpf.prog(TestBpf.PROG_TRACEPOINT, TestBpf.ret(0))) {
            assertThatThrownBy(() -> Tracepoint.attach(prog.get(), "sched", "no_such_event_ebee"))
                    .isInstanceOf(TracepointNotFoundException.class)
                    .hasMessageContaining("sched:no_such_event_ebee");
            assertThatThrownBy(() -> Tracepoint.attach(prog.get(), "nocategory_ebee", "x"))
                    .isInstanceOf(TracepointNotFoundException.class)
                    .hasMessageContaining("nocategory_ebee:x")
                    .hasMessageContaining("no tracepoint category");
            assertThatThrownBy(() -> Tracepoint.attach(prog.get(), "..", "x"))
                    .isInstanceOf(TracepointNotFoundException.class);
        }
    }

    @Test
    void rawTracepointSeesChildExec() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_RAW_TRACEPOINT, TestBpf.countByTgid(map.get(), 0));
             RawTracepoint link = RawTracepoint.attach(prog.get(), "sched_process_exec")) {
            long pid = runChild();
            assertThat(TestBpf.lookup(map, (int) pid)).isGreaterThanOrEqualTo(1);
            assertThat(link.info().type()).isEqualTo(LinkType.RAW_TRACEPOINT);
        }
    }

    @Test
    void unknownRawTracepointIsNamed() {
        try (Fd prog = TestBpf.prog(TestBpf.PROG_RAW_TRACEPOINT, TestBpf.ret(0))) {
            assertThatThrownBy(() -> RawTracepoint.attach(prog.get(), "no_such_tp_ebee"))
                    .isInstanceOf(AttachTargetNotFoundException.class)
                    .hasMessageContaining("no_such_tp_ebee");
        }
    }

    @Test
    void tpBtfSeesChildExec() throws Exception {
        int btfId = TestBpf.kernelBtfId("btf_trace_sched_process_exec", TestBpf.BTF_KIND_TYPEDEF);
        assertThat(btfId).isPositive();
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_TRACING, AttachTypes.TRACE_RAW_TP, btfId,
                     TestBpf.countByTgid(map.get(), 0));
             Tracing link = Tracing.attach(prog.get(), "tp_btf/sched_process_exec")) {
            long pid = runChild();
            assertThat(TestBpf.lookup(map, (int) pid)).isGreaterThanOrEqualTo(1);
            assertThat(link.info().progId()).isEqualTo(TestBpf.progId(prog.get()));
        }
    }

    @Test
    void kprobesReportMissingConfig() {
        Kernel.require(!Kprobe.available(), "a kernel without kprobes (this test checks the error for their absence)");
        try (Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.ret(0))) {
            assertThatThrownBy(() -> Kprobe.attach(prog.get(), "do_nanosleep"))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("kprobes are not available: this kernel is built without CONFIG_KPROBES");
            assertThatThrownBy(() -> Kprobe.attachReturn(prog.get(), "do_nanosleep"))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("kretprobe do_nanosleep")
                    .hasMessageContaining("CONFIG_KPROBES");
        }
    }

    @Test
    void fentryRefusalSaysTheKernelRefuses() {
        int fn = TestBpf.kernelBtfId("do_nanosleep", TestBpf.BTF_KIND_FUNC);
        assertThat(fn).isPositive();
        SyscallException e;
        try (Fd prog = TestBpf.prog(TestBpf.PROG_TRACING, AttachTypes.TRACE_FENTRY, fn, TestBpf.ret(0))) {
            // a kernel that accepts fentry: the link must work too
            try (Tracing link = Tracing.attach(prog.get(), "fentry/do_nanosleep")) {
                assertThat(link.info().type()).isEqualTo(LinkType.TRACING);
            }
            return;
        } catch (SyscallException loadFailure) {
            e = loadFailure;
        }
        assertThat(e.errno()).isEqualTo(dev.ebee.sys.Errno.EPERM);
        SyscallException explained = Privileges.explain("BPF_PROG_LOAD fentry/do_nanosleep", e.errno(), "fentry programs");
        assertThat(explained).isInstanceOf(KernelRefusedException.class);
        assertThat(explained.getMessage()).contains("the kernel refuses fentry programs (even to root)");
        assertThat(explained.hint()).doesNotStartWith("run as root");
    }

    @Test
    void pinnedLinkOutlivesItsFd() throws Exception {
        Path pin = BpfFs.path().resolve("ebee-test-link-" + ProcessHandle.current().pid());
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_RAW_TRACEPOINT, TestBpf.countByTgid(map.get(), 0))) {
            int id;
            try (RawTracepoint link = RawTracepoint.attach(prog.get(), "sched_process_exec")) {
                link.pin(pin);
                id = link.info().id();
            }
            try {
                assertThat(Links.ids()).contains(id);
                long pid = runChild();
                assertThat(TestBpf.lookup(map, (int) pid)).isGreaterThanOrEqualTo(1);
                try (Link again = Links.openPinned(pin)) {
                    assertThat(again.info().id()).isEqualTo(id);
                }
            } finally {
                BpfFs.unpin(pin);
            }
            assertThat(Files.exists(pin)).isFalse();
            long pid = runChild();
            assertThat(TestBpf.lookup(map, (int) pid)).isEqualTo(-1);
        }
    }
}
