package dev.ebee.jfr;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import jdk.jfr.Recording;

import java.lang.management.ManagementFactory;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * A measurement, not a test: records per second from a ring buffer into JFR events of a running
 * recording, without loss, and the bytes the streaming thread allocates per event. Run it as root
 * after {@code ./test -pl ebee-jfr -am -DskipTests}:
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp "ebee-core/target/classes:ebee-core/target/test-classes:ebee-jfr/target/classes:ebee-jfr/target/test-classes" \
 *      dev.ebee.jfr.JfrThroughput 2000000
 * }</pre>
 *
 * The BPF side is {@link JfrEventStreamTest#tickProgram}, run with BPF_PROG_TEST_RUN in batches
 * that fit the ring, as fast as this thread can: each run writes one 16-byte record.
 */
public final class JfrThroughput {
    private static final int RING = 64 << 20;
    private static final int BATCH = 100_000; // 100,000 records of 32 bytes (header, data, padding) = 3.2 MB per batch

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        KernelClock clock = KernelClock.measure();
        Path file = Files.createTempFile("ebee-jfr-throughput", ".jfr");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (BpfMap ring = BpfMap.create(MapSpec.of("jfr_bench_rb", MapType.RINGBUF, 0, 0, RING));
             Program prog = JfrEventStreamTest.tickProgram(ring);
             Recording recording = new Recording()) {
            recording.enable(JfrEventStreamTest.Tick.class).withoutStackTrace();
            recording.setDestination(file);
            recording.start();
            try (JfrEventStream s = JfrEventStream.ringBuf(ring, JfrEventStreamTest.Tick.class, (MemorySegment data, long off, int len) -> {
                JfrEventStreamTest.Tick t = new JfrEventStreamTest.Tick();
                t.kernelTime = clock.epochMillis(data.get(JAVA_LONG_UNALIGNED, off));
                t.magic = data.get(JAVA_LONG_UNALIGNED, off + 8);
                t.commit();
            })) {
                long streamThread = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("ebee-jfr jfr_bench_rb")).findFirst().orElseThrow().threadId();
                // warm-up: ten batches, so that C2 has compiled the writer (and removed its allocation) before the measured part
                long sent = 0;
                for (int i = 0; i < 10; i++) {
                    sent = runBatch(prog, s, sent);
                }
                long warm = sent;
                long allocBefore = threads.getThreadAllocatedBytes(streamThread);
                long writtenBefore = s.written();
                long start = System.nanoTime();
                while (sent - warm < total) {
                    sent = runBatch(prog, s, sent);
                }
                long nanos = System.nanoTime() - start;
                long written = s.written() - writtenBefore;
                long alloc = threads.getThreadAllocatedBytes(streamThread) - allocBefore;
                System.out.printf(Locale.ROOT, "%d records sent after the warm-up, %d written as JFR events (%d lost) in %.2f s: %.0f events/s, %.1f bytes allocated per event%n",
                        sent - warm, written, sent - s.written(), nanos / 1e9, written / (nanos / 1e9), (double) alloc / written);
            }
            recording.stop();
            System.out.println("recording " + file + ": " + Files.size(file) + " bytes");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** One batch, then waits until the stream has written it: the ring never overflows, so nothing is lost. */
    private static long runBatch(Program prog, JfrEventStream s, long sent) throws InterruptedException {
        prog.testRun(new byte[64], null, BATCH);
        long target = sent + BATCH;
        while (s.written() < target) {
            Thread.sleep(1);
        }
        return target;
    }
}
