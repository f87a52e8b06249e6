package dev.ebee.ringbuf;

import dev.ebee.BpfMap;
import dev.ebee.EbeeException;
import dev.ebee.MapType;
import dev.ebee.internal.poll.Poller;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Native;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Reads a {@code BPF_MAP_TYPE_RINGBUF} map from user space over its memory mapping, without a
 * system call per record and without allocating per record.
 *
 * <p>The consumer page is mapped read-write, the producer page and the data read-only, the data
 * twice in a row so that a record wrapping the end of the ring is contiguous. The producer position
 * and record headers are read with acquire semantics; the consumer position is published with
 * release semantics once per batch.
 *
 * <p>One thread consumes at a time ({@link #poll}, {@link #consume}, {@link #read}); calling them
 * from two threads at once throws. {@link #close()} may be called from any thread: it wakes a
 * blocked {@code poll}, which then returns -1, and the mappings are released once no call is in
 * progress.
 *
 * <pre>{@code
 * try (RingBufReader r = RingBufReader.open(map.fd(), map.maxEntries())) {
 *     while (r.poll(Duration.ofMillis(100), (data, off, len) -> handle(data, off, len)) >= 0) { }
 * }
 * }</pre>
 */
public final class RingBufReader implements AutoCloseable {
    /** Set in a record's length while the producer has not committed it. */
    public static final int BUSY_BIT = 1 << 31;
    /** Set in a record's length when the producer discarded it. */
    public static final int DISCARD_BIT = 1 << 30;
    /** Bytes of a record header: u32 length with flags, u32 page offset. */
    public static final int HEADER_SIZE = 8;

    private static final VarHandle POS = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle HDR = ValueLayout.JAVA_INT.varHandle();
    private final int maxEntries;
    private final long mask;
    private final MemorySegment consumer;    // consumer_pos at 0
    private final MemorySegment producer;    // producer_pos at 0
    private final MemorySegment data;        // read-only view, 2 * maxEntries bytes
    private final Poller poller;
    private final Poller.DataCheck dataCheck = this::hasData; // made once: poll allocates nothing
    private final Poller.Drain<RecordHandler> drain = this::drain;
    private volatile long discarded;

    @SuppressWarnings("restricted") // reinterpret: binds the mappings to the reader's arena
    private RingBufReader(int mapFd, int maxEntries) {
        this.maxEntries = maxEntries;
        this.mask = maxEntries - 1;
        long page = Native.pageSize();
        Arena a = Arena.ofShared();
        MemorySegment cons = null, prod = null;
        Poller p = null;
        try {
            cons = Native.mmap("mmap ring buffer consumer page (map fd " + mapFd + ")", page,
                    Native.PROT_READ | Native.PROT_WRITE, mapFd, 0);
            prod = Native.mmap("mmap ring buffer data (map fd " + mapFd + ")", page + 2L * maxEntries,
                    Native.PROT_READ, mapFd, page);
            p = new Poller("ring buffer reader", 1, a);
            p.add(mapFd, 0);
        } catch (RuntimeException e) {
            if (cons != null) Native.munmap(cons);
            if (prod != null) Native.munmap(prod);
            if (p != null) p.discard();
            a.close();
            throw e;
        }
        this.poller = p;
        p.guard(this, "a RingBufReader of " + maxEntries + " bytes", new Resources(a, cons, prod));
        // views bound to the arena: once closed, a stale view throws instead of touching unmapped memory
        this.producer = prod.reinterpret(a, null).asSlice(0, page).asReadOnly();
        this.data = prod.reinterpret(a, null).asSlice(page, 2L * maxEntries).asReadOnly();
        this.consumer = cons.reinterpret(a, null);
    }

    /**
     * Maps the ring buffer map {@code mapFd} whose {@code max_entries} (its data size in bytes, a
     * power of two multiple of the page size) is {@code maxEntries}. The map fd stays the
     * caller's; the reader's mapping keeps the map alive until {@link #close()}.
     */
    public static RingBufReader open(int mapFd, int maxEntries) {
        int actual = ringbufSize(mapFd);
        if (actual != maxEntries) {
            throw new EbeeException("ring buffer map fd " + mapFd + " has max_entries " + actual + ", not " + maxEntries,
                    "pass the map's own max_entries, or use RingBufReader.open(fd)");
        }
        return openChecked(mapFd, maxEntries);
    }

    private static RingBufReader openChecked(int mapFd, int maxEntries) {
        long page = Native.pageSize();
        if (maxEntries <= 0 || Integer.bitCount(maxEntries) != 1 || maxEntries % page != 0) {
            throw new EbeeException("ring buffer size " + maxEntries + " is not a power of two multiple of the page size "
                    + page, "pass the map's max_entries, as given at BPF_MAP_CREATE");
        }
        return new RingBufReader(mapFd, maxEntries);
    }

    /**
     * Maps a ring buffer map. The map stays the caller's; the reader's mapping keeps the kernel
     * object alive until {@link #close()}.
     */
    public static RingBufReader open(BpfMap map) {
        if (map.type() != MapType.RINGBUF) {
            throw new EbeeException("map " + map.name() + " is a " + map.type().bpftoolName() + ", not a ring buffer",
                    map.type() == MapType.PERF_EVENT_ARRAY ? "read perf event arrays with dev.ebee.perf.PerfReader" : null);
        }
        return openChecked(map.fd(), map.maxEntries()); // the map knows its size: no need to ask the kernel
    }

    /** Maps the ring buffer map {@code mapFd}, asking the kernel for its size. */
    public static RingBufReader open(int mapFd) {
        return openChecked(mapFd, ringbufSize(mapFd));
    }

    /** The max_entries of a ring buffer map, checking that the fd is one. */
    private static int ringbufSize(int mapFd) {
        if (mapFd < 0) {
            throw new EbeeException("bad ring buffer map fd " + mapFd, null);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(24, 8);
            Bpf.objGetInfo(mapFd, info);
            int type = info.get(ValueLayout.JAVA_INT, 0);
            if (type != MapType.RINGBUF.id()) {
                throw new EbeeException("map fd " + mapFd + " is of type " + type + ", not a ring buffer ("
                        + MapType.RINGBUF.id() + ")", "read perf event arrays with dev.ebee.perf.PerfReader");
            }
            return info.get(ValueLayout.JAVA_INT, 16);
        }
    }

    /** The ring's data size in bytes (the map's max_entries). */
    public int capacity() {
        return maxEntries;
    }

    /** Bytes produced and not yet consumed (including uncommitted and discarded records). */
    public long availableBytes() {
        if (!poller.acquire()) {
            throw new IllegalStateException("ring buffer reader is closed");
        }
        try {
            return (long) POS.getAcquire(producer, 0L) - (long) POS.getAcquire(consumer, 0L);
        } finally {
            poller.release();
        }
    }

    /** Records skipped because the producer discarded them, since the reader was opened. */
    public long discardedRecords() {
        return discarded;
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return poller.isClosed();
    }

    /**
     * Delivers every committed record now in the ring to {@code handler}, without waiting.
     * Returns the number of records delivered (discarded ones not counted), or -1 when the reader
     * is closed.
     */
    public int consume(RecordHandler handler) {
        return consume(handler, Integer.MAX_VALUE);
    }

    /** {@link #consume(RecordHandler)}, delivering at most {@code maxRecords}. */
    public int consume(RecordHandler handler, int maxRecords) {
        return poller.consume(drain, handler, maxRecords);
    }

    /** Waits without a time limit; see {@link #poll(Duration, RecordHandler)}. */
    public int poll(RecordHandler handler) {
        return poll(null, handler);
    }

    /**
     * Delivers the records in the ring, waiting up to {@code timeout} (null: no limit) for some
     * when it is empty. Returns the number of records delivered, 0 when the time ran out (or a
     * signal interrupted the wait), or -1 when the reader is closed, also by a {@link #close()}
     * during the wait.
     */
    public int poll(Duration timeout, RecordHandler handler) {
        return poller.poll(timeout, dataCheck, drain, handler);
    }

    /**
     * Copies the next record into {@code dst} and consumes it. Returns its length, or -1 when no
     * committed record is waiting (or the reader is closed). Discarded records are skipped. A
     * record longer than {@code dst} is left in the ring and an exception says how long it is.
     */
    public int read(MemorySegment dst) {
        if (!poller.enter()) {
            return -1;
        }
        try {
            long consPos = (long) POS.get(consumer, 0L);
            long prodPos = (long) POS.getAcquire(producer, 0L);
            long skipped = 0;
            int result = -1;
            while (consPos < prodPos) {
                long off = consPos & mask;
                int hdr = (int) HDR.getAcquire(data, off);
                if ((hdr & BUSY_BIT) != 0) {
                    break;
                }
                int len = checkedLength(hdr, consPos);
                if ((hdr & DISCARD_BIT) != 0) {
                    skipped++;
                    consPos += recordSpan(len);
                    continue;
                }
                if (len > dst.byteSize()) {
                    throw new EbeeException("ring buffer record of " + len + " bytes does not fit into a buffer of "
                            + dst.byteSize() + " bytes", "read it with a buffer of at least " + len + " bytes");
                }
                MemorySegment.copy(data, off + HEADER_SIZE, dst, 0, len);
                consPos += recordSpan(len);
                result = len;
                break;
            }
            POS.setRelease(consumer, 0L, consPos);
            if (skipped > 0) {
                discarded += skipped;
            }
            return result;
        } finally {
            poller.exit();
        }
    }

    /**
     * {@link #read(MemorySegment)}, waiting up to {@code timeout} (null: no limit) for a record
     * when none is waiting. -1 when none came or the reader is closed.
     */
    public int read(MemorySegment dst, Duration timeout) {
        int n = read(dst);
        if (n >= 0 || poller.isClosed()) {
            return n;
        }
        if (!poller.enter()) {
            return -1;
        }
        try {
            if (!hasData()) {
                poller.waitOnce(timeout);
            }
        } finally {
            poller.exit();
        }
        return read(dst);
    }

    private boolean hasData() {
        return (long) POS.getAcquire(producer, 0L) != (long) POS.get(consumer, 0L);
    }

    private static long recordSpan(int len) {
        return (len + HEADER_SIZE + 7) & ~7L;
    }

    private int checkedLength(int hdr, long pos) {
        int len = hdr & ~(BUSY_BIT | DISCARD_BIT);
        if (len > maxEntries - HEADER_SIZE) {
            throw new EbeeException("corrupt ring buffer: record at position " + pos + " claims " + len
                    + " bytes in a ring of " + maxEntries, "the map is not a BPF ring buffer of this size");
        }
        return len;
    }

    /** The hot loop: one acquire load per header, one release store per batch. */
    private int drain(RecordHandler handler, int maxRecords) {
        final MemorySegment data = this.data;
        final MemorySegment producer = this.producer;
        final long mask = this.mask;
        final int maxLen = maxEntries - HEADER_SIZE;
        final long start = (long) POS.get(consumer, 0L);
        long consPos = start;
        long skipped = 0;
        int delivered = 0;
        try {
            long prodPos = (long) POS.getAcquire(producer, 0L);
            while (delivered < maxRecords) {
                if (consPos >= prodPos) {
                    prodPos = (long) POS.getAcquire(producer, 0L);
                    if (consPos >= prodPos) {
                        break;
                    }
                }
                long off = consPos & mask;
                int hdr = (int) HDR.getAcquire(data, off);
                if ((hdr & BUSY_BIT) != 0) {
                    break;
                }
                int len = hdr & ~(BUSY_BIT | DISCARD_BIT);
                if (len > maxLen) {
                    checkedLength(hdr, consPos);
                }
                consPos += (len + HEADER_SIZE + 7) & ~7L;
                if ((hdr & DISCARD_BIT) != 0) {
                    skipped++;
                    continue;
                }
                delivered++;
                handler.onRecord(data, off + HEADER_SIZE, len);
            }
        } finally {
            if (consPos != start) {
                POS.setRelease(consumer, 0L, consPos);
            }
            if (skipped > 0) {
                discarded += skipped;
            }
        }
        return delivered;
    }

    /** Wakes a blocked {@link #poll}, and unmaps the ring once no call is in progress. Idempotent. */
    @Override
    public void close() {
        poller.close();
    }

    /** What the reader owns besides the poller; it must not refer to the reader (see {@link Poller#guard}). */
    private record Resources(Arena arena, MemorySegment consumerMap, MemorySegment producerMap) implements Runnable {
        @Override
        public void run() {
            arena.close(); // first: views handed out now throw instead of reading unmapped memory
            Native.munmap(consumerMap);
            Native.munmap(producerMap);
        }
    }

    @Override
    public String toString() {
        return "RingBufReader[" + maxEntries + " bytes" + (poller.isClosed() ? ", closed" : "") + "]";
    }
}
