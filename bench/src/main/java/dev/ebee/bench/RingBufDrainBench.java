package dev.ebee.bench;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.ringbuf.RecordHandler;
import dev.ebee.ringbuf.RingBufReader;
import dev.ebee.internal.sys.Bpf;
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

/**
 * Drains a full 16 MiB ring buffer of 64-byte records with {@link RingBufReader#consume}: one
 * operation is one record, so the score is nanoseconds per event and {@code gc.alloc.rate.norm}
 * (with {@code -prof gc}) bytes allocated per event. Before each drain a syscall program fills the
 * ring with bpf_loop in one BPF_PROG_TEST_RUN (not timed; allocation-free, so it does not count
 * in the allocation figure either).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RingBufDrainBench {
    public static final int RING_BYTES = 16 << 20;
    public static final int RECORD_BYTES = 64;
    /** Records of a full ring: each takes 8 bytes of header plus its 64 bytes. */
    public static final int RECORDS = RING_BYTES / (RECORD_BYTES + 8);

    /** Reads one word of each record, so that the JIT cannot skip the record. */
    public static final class Sink implements RecordHandler {
        public long sum;

        @Override
        public void onRecord(MemorySegment data, long offset, int length) {
            sum += data.get(JAVA_LONG, offset) + length;
        }
    }

    private BpfMap map;
    private Program fill;
    private RingBufReader reader;
    private Arena arena;
    private MemorySegment ctx;
    private MemorySegment attr;
    private final Sink sink = new Sink();

    @Setup(Level.Trial)
    public void open() {
        map = BpfMap.create(MapSpec.of("bench_rb", MapType.RINGBUF, 0, 0, RING_BYTES));
        fill = RingFill.load(map.fd());
        reader = RingBufReader.open(map);
        arena = Arena.ofConfined();
        ctx = arena.allocate(RingFill.CTX_SIZE, 8);
        attr = arena.allocate(Bpf.ATTR_SIZE, 8);
    }

    @Setup(Level.Invocation)
    public void fillRing() {
        ctx.fill((byte) 0);
        ctx.set(JAVA_INT, 0, RECORDS);
        ctx.set(JAVA_INT, 4, RECORD_BYTES);
        fill.testRun(ctx, attr);
        int emitted = ctx.get(JAVA_INT, 8);
        if (emitted != RECORDS) {
            throw new IllegalStateException("the fill program emitted " + emitted + " of " + RECORDS
                    + " records (helper error " + ctx.get(JAVA_INT, 12) + ")");
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long drain() {
        int n = reader.consume(sink);
        if (n != RECORDS) {
            throw new IllegalStateException("drained " + n + " of " + RECORDS + " records");
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
