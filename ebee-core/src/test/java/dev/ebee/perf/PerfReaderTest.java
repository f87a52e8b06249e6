package dev.ebee.perf;

import dev.ebee.internal.sys.Cpus;
import dev.ebee.BpfMap;
import dev.ebee.EbeeException;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.ringbuf.EpollWaiters;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class PerfReaderTest {
    @BeforeEach
    void needBpf() {
        Kernel.requireBpf();
    }

    private static final class Collector implements SampleHandler {
        final List<long[]> samples = new ArrayList<>(); // cpu, first word, length, segment size
        final List<long[]> losses = new ArrayList<>();  // cpu, count
        final int size;

        Collector(int size) {
            this.size = size;
        }

        @Override
        public void onSample(int cpu, MemorySegment data, long offset, int length) {
            assertThat(length).as("raw length (payload padded to keep 8-byte alignment)")
                    .isBetween(size, size + 7);
            assertThat((length + 4) % 8).isZero();
            long v = data.get(JAVA_LONG_UNALIGNED, offset);
            for (int k = 1; k < size / 8; k++) {
                assertThat(data.get(JAVA_LONG_UNALIGNED, offset + 8L * k)).as("word %d of sample %d", k, v)
                        .isEqualTo(PerfProgs.word(v, k));
            }
            samples.add(new long[] {cpu, v, length, data.byteSize()});
        }

        @Override
        public void onLost(int cpu, long lost) {
            losses.add(new long[] {cpu, lost});
        }

        List<Long> values() {
            return samples.stream().map(s -> s[1]).toList();
        }
    }

    private static List<Long> range(long from, int n) {
        List<Long> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(from + i);
        }
        return l;
    }

    private static int cpuCount() {
        return Cpus.possible().length();
    }

    @Test
    void samplesFromEveryCpuArriveOnThatCpusRing() {
        BitSet online = Cpus.online();
        try (BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
             Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()));
             PerfReader reader = PerfReader.open(map)) {
            assertThat(reader.cpus()).isEqualTo(online.stream().toArray());
            Collector c = new Collector(64);
            for (int cpu : reader.cpus()) {
                assertThat(PerfProgs.run(prog, cpu, 10, 64, cpu * 1000L)).isEqualTo(10);
            }
            assertThat(reader.availableBytes()).isEqualTo(reader.cpus().length * 10L * 80);
            assertThat(reader.consume(c)).isEqualTo(10 * reader.cpus().length);
            for (int cpu : reader.cpus()) {
                List<Long> fromCpu = c.samples.stream().filter(s -> s[0] == cpu).map(s -> s[1]).toList();
                assertThat(fromCpu).isEqualTo(range(cpu * 1000L, 10));
            }
            assertThat(reader.availableBytes()).isZero();
            assertThat(reader.consume(c)).isZero();
            assertThat(reader.lostSamples()).isZero();
            assertThat(c.losses).isEmpty();
        }
    }

    @Test
    void oddSizesArePaddedToTheRecordAlignment() {
        try (BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
             Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()));
             PerfReader reader = PerfReader.open(map)) {
            for (int size : new int[] {1, 4, 8, 13, 16, 60, 64}) {
                Collector c = new Collector(size);
                assertThat(PerfProgs.run(prog, 0, 2, size, 7)).isEqualTo(2);
                assertThat(reader.consume(c)).isEqualTo(2);
                if (size >= 8) {
                    assertThat(c.values()).containsExactly(7L, 8L);
                }
            }
        }
    }

    @Test
    void recordsThatWrapTheEndAreMadeContiguous() {
        try (BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
             Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()));
             PerfReader reader = PerfReader.open(map, PerfReader.Options.defaults().withPagesPerCpu(1))) {
            Collector c = new Collector(64);
            long next = 0;
            for (int round = 0; round < 20; round++) {
                assertThat(PerfProgs.run(prog, 0, 40, 64, next)).isEqualTo(40);
                assertThat(reader.consume(c)).isEqualTo(40);
                next += 40;
            }
            assertThat(c.values()).isEqualTo(range(0, 800));
            long ringSize = c.samples.getFirst()[3];
            assertThat(ringSize).isEqualTo(4096);
            assertThat(c.samples.stream().filter(s -> s[3] != ringSize).count())
                    .as("samples delivered from the scratch copy").isPositive();
            assertThat(reader.lostSamples()).isZero();
        }
    }

    @Test
    void aFullRingReportsLostSamples() {
        try (BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
             Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()));
             PerfReader reader = PerfReader.open(map, PerfReader.Options.defaults().withPagesPerCpu(1))) {
            int accepted = PerfProgs.run(prog, 0, 256, 64, 0);
            assertThat(accepted).isLessThan(256).isGreaterThan(0);
            accepted += PerfProgs.run(prog, 0, 100, 64, 1000); // all dropped: nobody read
            Collector c = new Collector(64);
            assertThat(reader.consume(c)).isEqualTo(accepted);
            assertThat(c.values()).isEqualTo(range(0, accepted));
            // the kernel writes the lost record ahead of the next sample that fits
            assertThat(PerfProgs.run(prog, 0, 1, 64, 5000)).isEqualTo(1);
            assertThat(reader.consume(c)).isEqualTo(1);
            long lost = 356 - accepted;
            assertThat(reader.lostSamples(0)).isEqualTo(lost);
            assertThat(reader.lostSamples()).isEqualTo(lost);
            assertThat(c.losses).hasSize(1);
            assertThat(c.losses.getFirst()).containsExactly(0, lost);
            assertThat(c.values().getLast()).isEqualTo(5000L);
        }
    }

    @Test
    void watermarkOptionOpensAndDelivers() {
        try (BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
             Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()));
             PerfReader reader = PerfReader.open(map, PerfReader.Options.defaults().withWatermark(1024))) {
            Collector c = new Collector(64);
            PerfProgs.run(prog, 0, 3, 64, 0);
            assertThat(reader.poll(Duration.ofSeconds(30), c)).isEqualTo(3);
        }
        assertThatThrownBy(() -> PerfReader.Options.defaults().withPagesPerCpu(3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pollWakesUpWhenAProgramWrites() throws Exception {
        try (BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
             Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()));
             PerfReader reader = PerfReader.open(map)) {
            Collector c = new Collector(16);
            assertThat(reader.poll(Duration.ofMillis(5), c)).isZero();
            int waiting = EpollWaiters.count();
            CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> reader.poll(c));
            EpollWaiters.awaitMoreThan(waiting);
            int cpu = reader.cpus()[reader.cpus().length - 1];
            assertThat(PerfProgs.run(prog, cpu, 2, 16, 42)).isEqualTo(2);
            assertThat(polled.get(60, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(c.values()).containsExactly(42L, 43L);
            assertThat(c.samples).allSatisfy(s -> assertThat(s[0]).isEqualTo(cpu));
        }
    }

    @Test
    void closeWakesABlockedPollAndRemovesTheRingsFromTheMap() throws Exception {
        try (BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
             Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()))) {
            PerfReader reader = PerfReader.open(map);
            AtomicReference<MemorySegment> kept = new AtomicReference<>();
            PerfProgs.run(prog, 0, 1, 8, 0);
            reader.consume((cpu, data, off, len) -> kept.set(data));
            assertThat(kept.get().isReadOnly()).as("handlers get a read-only view").isTrue();
            int waiting = EpollWaiters.count();
            CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> reader.poll(new Collector(8)));
            EpollWaiters.awaitMoreThan(waiting);
            assertThat(polled).isNotDone();
            reader.close();
            assertThat(polled.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(reader.consume(new Collector(8))).isEqualTo(-1);
            reader.close();
            assertThatThrownBy(() -> kept.get().get(JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
            // the map's slots are empty again: the program's output now fails on every CPU
            for (int cpu : Cpus.online().stream().toArray()) {
                assertThat(PerfProgs.run(prog, cpu, 3, 8, 0)).isZero();
            }
            // and a new reader can take over the same map
            try (PerfReader again = PerfReader.open(map)) {
                assertThat(PerfProgs.run(prog, 0, 3, 8, 0)).isEqualTo(3);
                assertThat(again.consume(new Collector(8))).isEqualTo(3);
            }
        }
    }

    @Test
    void theReaderHoldsItsOwnReferenceToTheMap() {
        BpfMap map = PerfProgs.createPerfEventArray(cpuCount());
        try (Program prog = PerfProgs.load(PerfProgs.outputProgram(map.fd()));
             PerfReader reader = PerfReader.open(map)) {
            map.close(); // the program and the reader still hold the map
            assertThat(PerfProgs.run(prog, 0, 4, 16, 10)).isEqualTo(4);
            Collector c = new Collector(16);
            assertThat(reader.consume(c)).isEqualTo(4);
            assertThat(c.values()).containsExactly(10L, 11L, 12L, 13L);
            reader.close(); // empties the slots through its own fd
            assertThat(PerfProgs.run(prog, 0, 4, 16, 10)).isZero();
        }
    }

    @Test
    void refusesAMapThatIsNotAPerfEventArray() {
        try (BpfMap ring = BpfMap.create(MapSpec.of("rb", MapType.RINGBUF, 0, 0, 4096))) {
            assertThatThrownBy(() -> PerfReader.open(ring.fd())).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("not a perf event array");
            assertThatThrownBy(() -> PerfReader.open(ring)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("not a perf event array");
        }
    }
}
