package dev.ebee.ringbuf;

import dev.ebee.BpfMap;
import dev.ebee.EbeeException;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.Errno;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class RingBufReaderTest {
    private static final int PAGE = 4096;

    @BeforeEach
    void needBpf() {
        Kernel.requireBpf();
    }

    /** Collects records as (first word, length, offset) and checks every word of each. */
    private static final class Collector implements RecordHandler {
        final List<long[]> seen = new ArrayList<>();

        @Override
        public void onRecord(MemorySegment data, long offset, int length) {
            long v = length >= 8 ? data.get(JAVA_LONG_UNALIGNED, offset) : -1;
            for (int k = 1; k < length / 8; k++) {
                assertThat(data.get(JAVA_LONG_UNALIGNED, offset + 8L * k)).as("word %d of record %d", k, v)
                        .isEqualTo(RingProgs.word(v, k));
            }
            seen.add(new long[] {v, length, offset});
        }

        List<Long> values() {
            return seen.stream().map(r -> r[0]).toList();
        }
    }

    private static List<Long> range(long from, int n) {
        List<Long> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(from + i);
        }
        return l;
    }

    @Test
    void roundTripOfOutputRecords() {
        try (BpfMap map = RingProgs.createRingBuf(4 * PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            assertThat(reader.capacity()).isEqualTo(4 * PAGE);
            assertThat(reader.consume(new Collector())).isZero();

            RingProgs.Run run = RingProgs.run(prog, 100, 64, 1000, 0);
            assertThat(run.err()).isZero();
            assertThat(run.emitted()).isEqualTo(100);
            assertThat(reader.availableBytes()).isEqualTo(100L * 72);

            Collector c = new Collector();
            assertThat(reader.consume(c)).isEqualTo(100);
            assertThat(c.values()).isEqualTo(range(1000, 100));
            assertThat(c.seen).allSatisfy(r -> assertThat(r[1]).isEqualTo(64));
            assertThat(reader.availableBytes()).isZero();
            assertThat(reader.consume(c)).isZero();
            assertThat(reader.discardedRecords()).isZero();
        }
    }

    @Test
    void recordsOfOddSizesStayAligned() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map.fd(), PAGE)) {
            Collector c = new Collector();
            for (int size : new int[] {0, 1, 7, 8, 9, 13, 63, 64}) {
                assertThat(RingProgs.run(prog, 3, size, size * 10L, 0).emitted()).isEqualTo(3);
                assertThat(reader.availableBytes()).isEqualTo(3L * ((size + 8 + 7) / 8 * 8));
                int before = c.seen.size();
                assertThat(reader.consume(c)).isEqualTo(3);
                for (int i = before; i < c.seen.size(); i++) {
                    assertThat(c.seen.get(i)[1]).isEqualTo(size);
                    if (size >= 8) {
                        assertThat(c.seen.get(i)[0]).isEqualTo(size * 10L + i - before);
                    }
                }
            }
        }
    }

    @Test
    void recordsThatWrapTheEndReadContiguously() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            Collector c = new Collector();
            long next = 0;
            // 72 bytes per record: over 20 rounds of 40 records the records cross the ring's end many times
            for (int round = 0; round < 20; round++) {
                assertThat(RingProgs.run(prog, 40, 64, next, 0).emitted()).isEqualTo(40);
                assertThat(reader.consume(c)).isEqualTo(40);
                next += 40;
            }
            assertThat(c.values()).isEqualTo(range(0, 800));
            long wrapped = c.seen.stream().filter(r -> r[2] < PAGE && r[2] + r[1] > PAGE).count();
            assertThat(wrapped).as("records crossing the end of the ring").isPositive();
        }
    }

    @Test
    void discardedRecordsAreSkippedAndCounted() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.reserveProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            RingProgs.Run run = RingProgs.run(prog, 30, 0, 500, 3);
            assertThat(run.err()).isZero();
            assertThat(run.emitted()).isEqualTo(20);
            assertThat(run.discarded()).isEqualTo(10);
            Collector c = new Collector();
            assertThat(reader.consume(c)).isEqualTo(20);
            List<Long> expected = range(500, 30).stream().filter(v -> (v - 500) % 3 != 0).toList();
            assertThat(c.values()).isEqualTo(expected);
            assertThat(c.seen).allSatisfy(r -> assertThat(r[1]).isEqualTo(48));
            assertThat(reader.discardedRecords()).isEqualTo(10);
            assertThat(reader.availableBytes()).isZero();
        }
    }

    @Test
    void aFullRingRefusesRecordsUntilConsumed() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            RingProgs.Run run = RingProgs.run(prog, 100, 64, 0, 0);
            int fits = PAGE / 72;
            assertThat(run.emitted()).isEqualTo(fits);
            assertThat(run.err()).isEqualTo(-Errno.EAGAIN);
            assertThat(reader.availableBytes()).isEqualTo(fits * 72L);
            // still full: nothing more fits
            RingProgs.Run again = RingProgs.run(prog, 1, 64, 9999, 0);
            assertThat(again.emitted()).isZero();
            assertThat(again.err()).isEqualTo(-Errno.EAGAIN);

            Collector c = new Collector();
            assertThat(reader.consume(c)).isEqualTo(fits);
            assertThat(c.values()).isEqualTo(range(0, fits));
            RingProgs.Run after = RingProgs.run(prog, 10, 64, 100, 0);
            assertThat(after.emitted()).isEqualTo(10);
            assertThat(reader.consume(c)).isEqualTo(10);
        }
    }

    @Test
    void consumeStopsAtMaxRecords() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            RingProgs.run(prog, 10, 16, 0, 0);
            Collector c = new Collector();
            assertThat(reader.consume(c, 4)).isEqualTo(4);
            assertThat(reader.availableBytes()).isEqualTo(6 * 24L);
            assertThat(reader.consume(c)).isEqualTo(6);
            assertThat(c.values()).isEqualTo(range(0, 10));
        }
    }

    @Test
    void readCopiesOneRecordAtATime() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.reserveProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map);
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            assertThat(reader.read(buf)).isEqualTo(-1);
            RingProgs.run(prog, 4, 0, 70, 2); // 70 and 72 discarded, 71 and 73 kept
            MemorySegment small = arena.allocate(16);
            assertThatThrownBy(() -> reader.read(small)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("48 bytes");
            assertThat(reader.read(buf)).isEqualTo(48);
            assertThat(buf.get(JAVA_LONG_UNALIGNED, 0)).isEqualTo(71);
            assertThat(buf.get(JAVA_LONG_UNALIGNED, 40)).isEqualTo(RingProgs.word(71, 5));
            assertThat(reader.read(buf, Duration.ofMillis(1))).isEqualTo(48);
            assertThat(buf.get(JAVA_LONG_UNALIGNED, 0)).isEqualTo(73);
            assertThat(reader.read(buf)).isEqualTo(-1);
            assertThat(reader.discardedRecords()).isEqualTo(2);
        }
    }

    @Test
    void aHandlerThatThrowsConsumesTheRecordsUpToItself() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            RingProgs.run(prog, 5, 8, 0, 0);
            assertThatThrownBy(() -> reader.consume((data, off, len) -> {
                if (data.get(JAVA_LONG_UNALIGNED, off) == 2) {
                    throw new IllegalStateException("boom");
                }
            })).hasMessage("boom");
            Collector c = new Collector();
            assertThat(reader.consume(c)).isEqualTo(2);
            assertThat(c.values()).containsExactly(3L, 4L);
        }
    }

    @Test
    void pollTimesOutOnAnEmptyRingAndReturnsWaitingRecords() {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            Collector c = new Collector();
            assertThat(reader.poll(Duration.ofMillis(10), c)).isZero();
            assertThat(reader.poll(Duration.ZERO, c)).isZero();
            RingProgs.run(prog, 3, 8, 0, 0);
            assertThat(reader.poll(Duration.ofSeconds(30), c)).isEqualTo(3);
        }
    }

    @Test
    void pollWakesUpWhenAProgramWrites() throws Exception {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()));
             RingBufReader reader = RingBufReader.open(map)) {
            Collector c = new Collector();
            int waiting = EpollWaiters.count();
            CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> reader.poll(c));
            EpollWaiters.awaitMoreThan(waiting);
            RingProgs.run(prog, 2, 8, 42, 0);
            assertThat(polled.get(60, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(c.values()).containsExactly(42L, 43L);
        }
    }

    @Test
    void closeWakesABlockedPollAndReleasesTheMapping() throws Exception {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()))) {
            RingBufReader reader = RingBufReader.open(map);
            AtomicReference<MemorySegment> kept = new AtomicReference<>();
            RingProgs.run(prog, 1, 8, 1, 0);
            reader.consume((data, off, len) -> kept.set(data));
            assertThat(kept.get().isReadOnly()).as("handlers get a read-only view").isTrue();
            int waiting = EpollWaiters.count();
            CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> reader.poll(c()));
            EpollWaiters.awaitMoreThan(waiting); // the poll is blocked in the kernel
            assertThat(polled).isNotDone();
            reader.close();
            assertThat(polled.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(reader.isClosed()).isTrue();
            assertThat(reader.consume(c())).isEqualTo(-1);
            assertThat(reader.poll(Duration.ZERO, c())).isEqualTo(-1);
            reader.close(); // idempotent
            assertThatThrownBy(() -> kept.get().get(JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(reader::availableBytes).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeRacingWithAPollingThreadNeverFaults() throws Exception {
        try (BpfMap map = RingProgs.createRingBuf(PAGE);
             Program prog = RingProgs.loadSyscallProgram(RingProgs.outputProgram(map.fd()))) {
            for (int i = 0; i < 100; i++) {
                RingBufReader reader = RingBufReader.open(map);
                long[] sum = new long[1];
                CompletableFuture<Integer> loop = CompletableFuture.supplyAsync(() -> {
                    int r;
                    while ((r = reader.poll(Duration.ofMillis(50), (d, off, len) -> sum[0] += d.get(JAVA_LONG_UNALIGNED, off))) >= 0) {
                        Thread.onSpinWait();
                    }
                    return r;
                });
                RingProgs.run(prog, i % 7, 8, 0, 0);
                if (i % 2 == 0) {
                    Thread.yield();
                }
                reader.close();
                assertThat(loop.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
                assertThat(reader.consume(c())).isEqualTo(-1);
            }
        }
    }

    private static Collector c() {
        return new Collector();
    }

    @Test
    void refusesAMapThatIsNotARingBuffer() {
        try (BpfMap array = BpfMap.create(MapSpec.of("array", MapType.ARRAY, 4, 4, PAGE))) {
            assertThatThrownBy(() -> RingBufReader.open(array.fd())).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("not a ring buffer");
            assertThatThrownBy(() -> RingBufReader.open(array)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("not a ring buffer");
        }
        try (BpfMap map = RingProgs.createRingBuf(PAGE)) {
            assertThatThrownBy(() -> RingBufReader.open(map.fd(), 2 * PAGE)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("max_entries 4096");
        }
    }
}
