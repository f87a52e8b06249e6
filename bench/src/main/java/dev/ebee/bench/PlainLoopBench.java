package dev.ebee.bench;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Native;
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
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The reference for {@link RingBufDrainBench}: the same drain written as a plain FFM loop over the
 * mapped ring (no reader, no callback, no lifecycle checks), the way DESIGN.md's speed budget was
 * measured. The gap between the two is what the reader's layers cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PlainLoopBench {
    private static final VarHandle POS = JAVA_LONG.varHandle();
    private static final VarHandle HDR = JAVA_INT.varHandle();
    private static final int RECORDS = RingBufDrainBench.RECORDS;

    private BpfMap map;
    private Program fill;
    private Arena arena;
    private MemorySegment ctx, attr, consumerPage, producerMap, data;
    private long mask;

    @Setup(Level.Trial)
    public void open() {
        int size = RingBufDrainBench.RING_BYTES;
        map = BpfMap.create(MapSpec.of("bench_plain", MapType.RINGBUF, 0, 0, size));
        fill = RingFill.load(map.fd());
        long page = Native.pageSize();
        consumerPage = Native.mmap("mmap consumer", page, Native.PROT_READ | Native.PROT_WRITE, map.fd(), 0);
        producerMap = Native.mmap("mmap producer", page + 2L * size, Native.PROT_READ, map.fd(), page);
        data = producerMap.asSlice(page);
        mask = size - 1;
        arena = Arena.ofConfined();
        ctx = arena.allocate(RingFill.CTX_SIZE, 8);
        attr = arena.allocate(Bpf.ATTR_SIZE, 8);
    }

    @Setup(Level.Invocation)
    public void fillRing() {
        ctx.fill((byte) 0);
        ctx.set(JAVA_INT, 0, RECORDS);
        ctx.set(JAVA_INT, 4, RingBufDrainBench.RECORD_BYTES);
        fill.testRun(ctx, attr);
        if (ctx.get(JAVA_INT, 8) != RECORDS) {
            throw new IllegalStateException("the fill program emitted " + ctx.get(JAVA_INT, 8) + " records");
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long plainLoop() {
        long cons = (long) POS.getAcquire(consumerPage, 0L);
        long prod = (long) POS.getAcquire(producerMap, 0L);
        long sum = 0;
        int n = 0;
        while (cons < prod) {
            long off = cons & mask;
            int len = (int) HDR.getAcquire(data, off);
            if ((len & (1 << 31)) != 0) {
                break;
            }
            len &= ~(3 << 30);
            sum += data.get(JAVA_LONG, off + 8) + len;
            cons += (len + 8 + 7) & ~7L;
            n++;
        }
        POS.setRelease(consumerPage, 0L, cons);
        if (n != RECORDS) {
            throw new IllegalStateException("drained " + n + " of " + RECORDS);
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void close() {
        Native.munmap(consumerPage);
        Native.munmap(producerMap);
        fill.close();
        map.close();
        arena.close();
    }
}
