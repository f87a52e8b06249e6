package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.KernelRefusedException;
import dev.ebee.features.Privileges;
import dev.ebee.fs.BpfFs;
import dev.ebee.TracepointNotFoundException;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.testing.HeldProcess;
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

    /**
     * Runs {@code command} held until its pid is a key of {@code map} (value 0), where
     * {@link TestBpf#countKnownTgids} counts it; returns the pid once it has exited.
     */
    static long runChild(Fd map, String... command) throws Exception {
        try (HeldProcess child = HeldProcess.start(command)) {
            TestBpf.put(map, (int) child.pid(), 0);
            child.run();
            return child.pid();
        }
    }

    /** {@link #runChild(Fd, String...)} of /bin/true: one exec. */
    static long runChild(Fd map) throws Exception {
        return runChild(map, "/bin/true");
    }

    @Test
    void tracepointSeesChildExec() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_TRACEPOINT, TestBpf.countKnownTgids(map.get(), 0));
             Tracepoint link = Tracepoint.attach(prog.get(), "sched", "sched_process_exec")) {
            long pid = runChild(map);
            assertThat(TestBpf.lookup(map, (int) pid)).as("execs counted for child %d", pid).isGreaterThanOrEqualTo(1);
            LinkInfo info = link.info();
            assertThat(info.type()).isEqualTo(LinkType.PERF_EVENT);
            assertThat(info.progId()).isEqualTo(TestBpf.progId(prog.get()));
            assertThat(info.id()).isPositive();
            assertThat(link.perfEventFd()).isPositive();
            assertThatThrownBy(() -> link.update(prog.get()))
                    .isInstanceOf(dev.ebee.EbeeException.class)
                    .hasMessageContaining("cannot swap the program of tracepoint sched:sched_process_exec");
        }
    }

    @Test
    void closedTracepointStopsCounting() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_TRACEPOINT, TestBpf.countKnownTgids(map.get(), 0))) {
            Tracepoint.attach(prog.get(), "sched:sched_process_exec").close();
            long pid = runChild(map);
            assertThat(TestBpf.lookup(map, (int) pid)).isZero();
        }
    }

    @Test
    void legacyPerfEventAttachmentWorksWithoutALink() throws Exception {
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_TRACEPOINT, TestBpf.countKnownTgids(map.get(), 0))) {
            try (Tracepoint link = Tracepoint.attach(prog.get(), "sched", "sched_process_exec", 0, true)) {
                assertThat(link.fd()).isEqualTo(-1);
                assertThat(link.perfEventFd()).isPositive();
                assertThatThrownBy(link::info).hasMessageContaining("PERF_EVENT_IOC_SET_BPF");
                long pid = runChild(map);
                assertThat(TestBpf.lookup(map, (int) pid)).isGreaterThanOrEqualTo(1);
            }
            long pid = runChild(map);
            assertThat(TestBpf.lookup(map, (int) pid)).as("detached by closing the perf event").isZero();
            assertThatThrownBy(() -> Tracepoint.attach(prog.get(), "sched", "sched_process_exec", 7, true))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("cookie");
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
             Fd prog = TestBpf.prog(TestBpf.PROG_RAW_TRACEPOINT, TestBpf.countKnownTgids(map.get(), 0));
             RawTracepoint link = RawTracepoint.attach(prog.get(), "sched_process_exec")) {
            long pid = runChild(map);
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
             Fd prog = TestBpf.prog(TestBpf.PROG_TRACING, dev.ebee.AttachType.TRACE_RAW_TP.id(), btfId,
                     TestBpf.countKnownTgids(map.get(), 0));
             Tracing link = Tracing.attach(prog.get(), "tp_btf/sched_process_exec")) {
            long pid = runChild(map);
            assertThat(TestBpf.lookup(map, (int) pid)).isGreaterThanOrEqualTo(1);
            assertThat(link.info().progId()).isEqualTo(TestBpf.progId(prog.get()));
        }
    }

    @Test
    void kprobesReportMissingConfigOrFire() throws Exception {
        if (Kprobe.available()) {
            // a kernel with kprobes: the probe must fire for the child that sleeps
            try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 64);
                 Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.countKnownTgids(map.get(), 0));
                 Kprobe link = Kprobe.attach(prog.get(), "do_nanosleep")) {
                long pid = runChild(map, "sleep", "0.01");
                assertThat(TestBpf.lookup(map, (int) pid)).isGreaterThanOrEqualTo(1);
            }
            return;
        }
        try (Fd prog = TestBpf.prog(TestBpf.PROG_KPROBE, TestBpf.ret(0))) {
            assertThatThrownBy(() -> Kprobe.attach(prog.get(), "do_nanosleep"))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("kprobes are not available: this kernel is built without CONFIG_KPROBES");
            assertThatThrownBy(() -> Kprobe.attachReturn(prog.get(), "do_nanosleep"))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("kretprobe do_nanosleep")
                    .hasMessageContaining("CONFIG_KPROBES");
            assertThatThrownBy(() -> AutoAttach.attach(prog.get(), "kprobe/do_nanosleep"))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("CONFIG_KPROBES");
        }
    }

    @Test
    void fentryRefusalSaysTheKernelRefuses() {
        int fn = TestBpf.kernelBtfId("do_nanosleep", TestBpf.BTF_KIND_FUNC);
        assertThat(fn).isPositive();
        SyscallException e;
        try (Fd prog = TestBpf.prog(TestBpf.PROG_TRACING, dev.ebee.AttachType.TRACE_FENTRY.id(), fn, TestBpf.ret(0))) {
            // a kernel that accepts fentry: the link must work too
            try (Tracing link = Tracing.attach(prog.get(), "fentry/do_nanosleep")) {
                assertThat(link.info().type()).isEqualTo(LinkType.TRACING);
            }
            return;
        } catch (SyscallException loadFailure) {
            e = loadFailure;
        }
        assertThat(e.errno()).isEqualTo(dev.ebee.Errno.EPERM);
        SyscallException explained = Privileges.explain("BPF_PROG_LOAD fentry/do_nanosleep", e.errno(), "fentry programs");
        assertThat(explained).isInstanceOf(KernelRefusedException.class);
        assertThat(explained.getMessage()).contains("the kernel refuses fentry programs (even to root)");
        assertThat(explained.hint()).doesNotStartWith("run as root");
    }

    @Test
    void fentryThroughTheLoaderSaysTheKernelRefuses() {
        int fn = TestBpf.kernelBtfId("do_nanosleep", TestBpf.BTF_KIND_FUNC);
        dev.ebee.ProgramSpec spec = dev.ebee.ProgramSpec.of("fentry_probe", dev.ebee.ProgramType.TRACING, TestBpf.ret(0), "GPL")
                .withExpectedAttachType(dev.ebee.AttachType.TRACE_FENTRY);
        dev.ebee.Program prog;
        try {
            prog = dev.ebee.Program.load(spec, dev.ebee.Program.LoadOptions.NONE.withAttachBtfId(fn, 0));
        } catch (dev.ebee.EbeeException e) {
            assertThat(e.oneLine()).contains("refuses").doesNotStartWith("run as root");
            return;
        }
        try (prog; Tracing link = Tracing.attach(prog)) {
            assertThat(link.info().type()).isEqualTo(LinkType.TRACING);
        }
    }

    @Test
    void pinnedLinkOutlivesItsFd() throws Exception {
        Path pin = BpfFs.path().resolve("ebee-test-link-" + ProcessHandle.current().pid());
        try (Fd map = TestBpf.map(TestBpf.MAP_HASH, 4, 8, 1024);
             Fd prog = TestBpf.prog(TestBpf.PROG_RAW_TRACEPOINT, TestBpf.countKnownTgids(map.get(), 0))) {
            int id;
            try (RawTracepoint link = RawTracepoint.attach(prog.get(), "sched_process_exec")) {
                link.pin(pin);
                id = link.info().id();
            }
            try {
                assertThat(Links.ids()).contains(id);
                long pid = runChild(map);
                assertThat(TestBpf.lookup(map, (int) pid)).isGreaterThanOrEqualTo(1);
                try (Link again = Links.openPinned(pin)) {
                    assertThat(again.info().id()).isEqualTo(id);
                }
            } finally {
                BpfFs.unpin(pin);
            }
            assertThat(Files.exists(pin)).isFalse();
            // the kernel frees an unpinned link from a work queue, later on a busy machine: wait for
            // it to leave the id list
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (Links.ids().contains(id) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(Links.ids()).doesNotContain(id);
            long pid = runChild(map);
            assertThat(TestBpf.lookup(map, (int) pid)).isZero();
        }
    }
}
