package dev.ebee.bench;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.perf.PerfReader;
import dev.ebee.perf.SampleHandler;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Cpus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Drains 16 MiB of 64-byte samples from CPU 0's perf ring with {@link PerfReader#consume}: one
 * operation is one sample. A raw_tp program fills the ring before each drain (not timed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PerfDrainBench {
    public static final int PAGES = 4096; // 16 MiB per CPU
    /** perf_event_header 8 + raw size 4 + 64 bytes, padded to 8: 80 bytes a sample. */
    public static final int SAMPLES = PAGES * 4096 / 80;

    public static final class Sink implements SampleHandler {
        public long sum;

        @Override
        public void onSample(int cpu, MemorySegment data, long offset, int length) {
            sum += data.get(JAVA_LONG_UNALIGNED, offset) + length;
        }
    }

    private BpfMap map;
    private Program fill;
    private PerfReader reader;
    private Arena arena;
    private MemorySegment ctx, attr;
    private final Sink sink = new Sink();

    @Setup(Level.Trial)
    public void open() {
        map = BpfMap.create(MapSpec.of("bench_pea", MapType.PERF_EVENT_ARRAY, 4, 4, Cpus.possible().length()));
        fill = PerfFill.load(map.fd());
        reader = PerfReader.open(map, PerfReader.Options.defaults().withPagesPerCpu(PAGES));
        arena = Arena.ofConfined();
        ctx = arena.allocate(8, 8);
        attr = arena.allocate(Bpf.ATTR_SIZE, 8);
    }

    @Setup(Level.Invocation)
    public void fillRing() {
        ctx.set(JAVA_LONG, 0, SAMPLES);
        attr.fill((byte) 0);
        attr.set(JAVA_INT, Bpf.Attr.TEST_PROG_FD, fill.fd());
        attr.set(JAVA_INT, Bpf.Attr.TEST_CTX_SIZE_IN, 8);
        attr.set(JAVA_LONG, Bpf.Attr.TEST_CTX_IN, ctx.address());
        attr.set(JAVA_INT, Bpf.Attr.TEST_FLAGS, 1); // BPF_F_TEST_RUN_ON_CPU
        attr.set(JAVA_INT, Bpf.Attr.TEST_CPU, 0);
        Bpf.call("BPF_PROG_TEST_RUN", Bpf.PROG_TEST_RUN, attr);
        int accepted = attr.get(JAVA_INT, Bpf.Attr.TEST_RETVAL);
        if (accepted != SAMPLES) {
            throw new IllegalStateException("the fill program wrote " + accepted + " of " + SAMPLES + " samples");
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long drain() {
        int n = reader.consume(sink);
        if (n != SAMPLES) {
            throw new IllegalStateException("drained " + n + " of " + SAMPLES + " samples");
        }
        return sink.sum;
    }

    @TearDown(Level.Trial)
    public void close() {
        reader.close();
        fill.close();
        map.close();
        arena.close();
    }
}
