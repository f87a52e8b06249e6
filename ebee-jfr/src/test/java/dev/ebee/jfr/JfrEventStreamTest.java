package dev.ebee.jfr;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.ProgramSpec;
import dev.ebee.ProgramType;
import dev.ebee.asm.Asm;
import dev.ebee.asm.Helper;
import dev.ebee.features.Features;
import dev.ebee.testing.Kernel;
import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timestamp;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.ebee.asm.Op.DW;
import static dev.ebee.asm.Op.R0;
import static dev.ebee.asm.Op.R1;
import static dev.ebee.asm.Op.R2;
import static dev.ebee.asm.Op.R3;
import static dev.ebee.asm.Op.R4;
import static dev.ebee.asm.Op.R10;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records written by a BPF program (a socket filter run with BPF_PROG_TEST_RUN: each run writes
 * {@code {bpf_ktime_get_ns(), MAGIC}} to a ring buffer), streamed into JFR events, seen by a
 * {@link RecordingStream} of this JVM.
 */
@Tag("kernel")
class JfrEventStreamTest {
    static final long MAGIC = 0x6562_6565L;

    @Name("dev.ebee.test.Tick")
    @Label("Tick")
    @Category({"ebee", "test"})
    static class Tick extends Event {
        @Label("Kernel Time")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long kernelTime;

        @Label("Magic")
        long magic;
    }

    /** A socket filter that outputs one 16-byte record per run. */
    static Program tickProgram(BpfMap ring) {
        return Program.load(ProgramSpec.of("jfr_tick", ProgramType.SOCKET_FILTER, new Asm()
                .call(Helper.KTIME_GET_NS)
                .stx(DW, R10, -16, R0)
                .mov64(R1, (int) MAGIC)
                .stx(DW, R10, -8, R1)
                .loadMapFd(R1, ring.fd())
                .mov64Reg(R2, R10)
                .add64(R2, -16)
                .mov64(R3, 16)
                .mov64(R4, 0)
                .call(Helper.RINGBUF_OUTPUT)
                .ret(0)
                .build(), "GPL"));
    }

    static void requireRingBuf() {
        Kernel.requireBpf();
        Features.Probe p = Features.kernel().ringbuf();
        Kernel.require(p.supported(), p.feature());
    }

    @Test
    void aRecordingStreamOfThisJvmSeesTheKernelsRecords() throws Exception {
        requireRingBuf();
        int runs = 50;
        KernelClock clock = KernelClock.measure();
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(runs);
        try (BpfMap ring = BpfMap.create(MapSpec.of("jfr_test_rb", MapType.RINGBUF, 0, 0, 1 << 16));
             Program prog = tickProgram(ring);
             RecordingStream rs = new RecordingStream()) {
            rs.enable(Tick.class);
            rs.onEvent("dev.ebee.test.Tick", e -> {
                seen.add(e);
                all.countDown();
            });
            rs.startAsync();
            Instant before = Instant.now();
            try (JfrEventStream s = JfrEventStream.ringBuf(ring, Tick.class, (MemorySegment data, long off, int len) -> {
                Tick t = new Tick();
                t.kernelTime = clock.epochMillis(data.get(JAVA_LONG_UNALIGNED, off));
                t.magic = data.get(JAVA_LONG_UNALIGNED, off + 8);
                t.commit();
            })) {
                prog.testRun(new byte[64], null, runs);
                assertThat(all.await(60, TimeUnit.SECONDS)).as("events seen: " + seen.size()).isTrue();
                assertThat(s.written()).isEqualTo(runs);
                assertThat(s.skipped()).isZero();
            }
            Instant after = Instant.now();
            assertThat(seen).hasSize(runs).allSatisfy(e -> {
                assertThat(e.getLong("magic")).isEqualTo(MAGIC);
                assertThat(e.getInstant("kernelTime")).isBetween(before.minusMillis(1), after);
                assertThat(e.getEventType().getCategoryNames()).containsExactly("ebee", "test");
            });
        }
    }

    @Test
    void withoutARecordingTheRecordsAreDroppedUnwritten() throws Exception {
        requireRingBuf();
        int runs = 10;
        int[] writes = {0};
        try (BpfMap ring = BpfMap.create(MapSpec.of("jfr_test_rb", MapType.RINGBUF, 0, 0, 1 << 16));
             Program prog = tickProgram(ring);
             JfrEventStream s = JfrEventStream.ringBuf(ring, Tick.class, (data, off, len) -> writes[0]++)) {
            prog.testRun(new byte[64], null, runs);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (s.skipped() < runs && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(s.skipped()).isEqualTo(runs);
            assertThat(s.written()).isZero();
            assertThat(writes[0]).isZero();
            assertThat(s.isRunning()).isTrue();
        }
    }
}
