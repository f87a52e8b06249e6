package dev.ebee.perf;

import dev.ebee.BpfMap;
import dev.ebee.EbeeException;
import dev.ebee.MapType;
import dev.ebee.internal.poll.Poller;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Cpus;
import dev.ebee.internal.sys.Native;
import dev.ebee.internal.sys.PerfEvent;
import dev.ebee.internal.sys.PerfEventAttr;
import dev.ebee.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reads a {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY}: one perf ring per online CPU, each opened with
 * {@code perf_event_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT)} on that CPU, memory
 * mapped, enabled, and stored in the map at the CPU's index, where {@code bpf_perf_event_output}
 * finds it.
 *
 * <p>Samples reach a {@link SampleHandler} as a view into the mapped ring, valid until the handler
 * returns; a record that wraps the end of a ring is first copied into a scratch buffer owned by
 * the reader. No allocation per sample. Lost-sample records are counted per CPU and reported to
 * {@link SampleHandler#onLost}.
 *
 * <p>One thread consumes at a time; {@link #close()} may be called from any thread and wakes a
 * blocked {@link #poll}, which then returns -1. Closing removes the reader's events from the map,
 * closes them and unmaps the rings.
 */
public final class PerfReader implements AutoCloseable {
    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private static final int SCRATCH_SIZE = 1 << 16; // perf_event_header.size is a u16
    private static final long SYS_FCNTL = 72; // x86_64, as Native's other syscall numbers
    private static final long F_DUPFD_CLOEXEC = 1030;

    /**
     * How the rings are made.
     *
     * @param pagesPerCpu    data pages of each CPU's ring, a power of two (the mapping has one more page)
     * @param wakeupEvents   wake a blocked poll after this many samples (used when watermarkBytes is 0)
     * @param watermarkBytes if positive, wake a blocked poll once this many bytes are in a ring instead
     */
    public record Options(int pagesPerCpu, int wakeupEvents, int watermarkBytes) {
        public Options {
            if (pagesPerCpu <= 0 || Integer.bitCount(pagesPerCpu) != 1) {
                throw new IllegalArgumentException("pagesPerCpu must be a power of two, not " + pagesPerCpu);
            }
            if (wakeupEvents < 1 && watermarkBytes <= 0) {
                throw new IllegalArgumentException("wakeupEvents must be at least 1 without a watermark");
            }
            if (watermarkBytes < 0) {
                throw new IllegalArgumentException("negative watermark " + watermarkBytes);
            }
        }

        /** 8 pages per CPU, wake up on every sample. */
        public static Options defaults() {
            return new Options(8, 1, 0);
        }

        public Options withPagesPerCpu(int pages) {
            return new Options(pages, wakeupEvents, watermarkBytes);
        }

        public Options withWakeupEvents(int events) {
            return new Options(pagesPerCpu, events, 0);
        }

        public Options withWatermark(int bytes) {
            return new Options(pagesPerCpu, wakeupEvents, bytes);
        }
    }

    private final int[] cpus;         // CPU of each ring
    private final MemorySegment[] metas;    // perf_event_mmap_page of each ring
    private final MemorySegment[] datas;    // read-only data area of each ring
    private final AtomicLongArray lost;
    private final MemorySegment scratch;
    private final Poller poller;
    private final Poller.DataCheck dataCheck = this::hasData; // made once: poll allocates nothing
    private final Poller.Drain<SampleHandler> drain = (handler, max) -> drainAll(handler);

    private PerfReader(int mapFd, int[] cpus, int[] eventFds, MemorySegment[] mappings, MemorySegment[] metas,
                       MemorySegment[] datas, Arena arena, Poller poller) {
        this.cpus = cpus;
        this.metas = metas;
        this.datas = datas;
        this.lost = new AtomicLongArray(cpus.length);
        this.scratch = arena.allocate(SCRATCH_SIZE, 8);
        this.poller = poller;
        poller.guard(this, "a PerfReader of " + cpus.length + " CPUs", new Resources(mapFd, cpus, eventFds, mappings, arena));
    }

    /** {@link #open(BpfMap, Options)} with {@link Options#defaults()}. */
    public static PerfReader open(BpfMap map) {
        return open(map, Options.defaults());
    }

    /** Opens the rings of a perf event array map; see {@link #open(int, Options)}. */
    public static PerfReader open(BpfMap map, Options options) {
        if (map.type() != MapType.PERF_EVENT_ARRAY) {
            throw new EbeeException("map " + map.name() + " is a " + map.type().bpftoolName() + ", not a perf event array",
                    map.type() == MapType.RINGBUF ? "read ring buffers with dev.ebee.ringbuf.RingBufReader" : null);
        }
        return openRings(map.fd(), map.maxEntries(), options); // the map knows its size: no need to ask the kernel
    }

    /** {@link #open(int, Options)} with {@link Options#defaults()}. */
    public static PerfReader open(int mapFd) {
        return open(mapFd, Options.defaults());
    }

    /**
     * Opens a ring for each online CPU below the map's max_entries and stores it in the perf event
     * array {@code mapFd}. The caller keeps its map fd; the reader holds its own reference.
     */
    public static PerfReader open(int mapFd, Options options) {
        int maxEntries;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(24, 8);
            Bpf.objGetInfo(mapFd, info);
            int type = info.get(JAVA_INT, 0);
            if (type != MapType.PERF_EVENT_ARRAY.id()) {
                throw new EbeeException("map fd " + mapFd + " is of type " + type + ", not a perf event array ("
                        + MapType.PERF_EVENT_ARRAY.id() + ")", "read ring buffers with dev.ebee.ringbuf.RingBufReader");
            }
            maxEntries = info.get(JAVA_INT, 16);
        }
        return openRings(mapFd, maxEntries, options);
    }

    @SuppressWarnings("restricted") // reinterpret: binds the mappings to the reader's arena
    private static PerfReader openRings(int mapFd, int maxEntries, Options options) {
        BitSet use = Cpus.online();
        use.and(Cpus.possible());
        if (use.length() > maxEntries) {
            use.clear(maxEntries, use.length());
        }
        if (use.isEmpty()) {
            throw new EbeeException("perf event array fd " + mapFd + " has " + maxEntries
                    + " entries and no online CPU below that", "size the map to the number of possible CPUs");
        }
        long page = Native.pageSize();
        long mapLen = (1L + options.pagesPerCpu()) * page;
        if (options.watermarkBytes() >= options.pagesPerCpu() * page) {
            throw new IllegalArgumentException("watermark " + options.watermarkBytes() + " bytes does not fit a ring of "
                    + options.pagesPerCpu() * page + " bytes");
        }
        PerfEventAttr.Builder attr = PerfEventAttr.builder(PerfEvent.TYPE_SOFTWARE, PerfEvent.COUNT_SW_BPF_OUTPUT)
                .samplePeriod(1).sampleType(PerfEvent.SAMPLE_RAW);
        if (options.watermarkBytes() > 0) {
            attr.wakeupWatermark(options.watermarkBytes());
        } else {
            attr.wakeupEvents(options.wakeupEvents());
        }
        PerfEventAttr perfAttr = attr.build();

        int n = use.cardinality();
        int[] cpus = use.stream().toArray();
        int[] fds = new int[n];
        Arrays.fill(fds, -1);
        MemorySegment[] maps = new MemorySegment[n];
        MemorySegment[] metas = new MemorySegment[n];
        MemorySegment[] datas = new MemorySegment[n];
        List<Integer> stored = new ArrayList<>();
        Arena arena = Arena.ofShared();
        int ownMapFd = -1;
        Poller poller = null;
        try {
            // our own reference to the map, to empty its slots on close whatever the caller did with its fd
            ownMapFd = (int) Native.syscall("fcntl(F_DUPFD_CLOEXEC) of map fd " + mapFd, SYS_FCNTL, mapFd,
                    F_DUPFD_CLOEXEC, 0, 0, 0);
            poller = new Poller("perf reader", n, arena);
            MemorySegment key = arena.allocate(4, 4), value = arena.allocate(4, 4);
            for (int i = 0; i < n; i++) {
                int cpu = cpus[i];
                fds[i] = PerfEvent.open(perfAttr, -1, cpu, -1, PerfEvent.FLAG_FD_CLOEXEC);
                maps[i] = Native.mmap("mmap perf ring of CPU " + cpu, mapLen, Native.PROT_READ | Native.PROT_WRITE,
                        fds[i], 0);
                MemorySegment m = maps[i].reinterpret(arena, null);
                long dataOffset = m.get(JAVA_LONG, PerfEvent.MMAP_DATA_OFFSET);
                long dataSize = m.get(JAVA_LONG, PerfEvent.MMAP_DATA_SIZE);
                if (dataOffset == 0 || dataSize == 0) { // kernels before 4.1 leave them zero
                    dataOffset = page;
                    dataSize = mapLen - page;
                }
                if (dataOffset < page || dataSize > mapLen - dataOffset || Long.bitCount(dataSize) != 1) {
                    throw new EbeeException("perf ring of CPU " + cpu + " has data at " + dataOffset + " of size "
                            + dataSize + " in a mapping of " + mapLen + " bytes", "this kernel's perf mmap layout is unknown");
                }
                metas[i] = m.asSlice(0, page);
                datas[i] = m.asSlice(dataOffset, dataSize).asReadOnly();
                PerfEvent.enable(fds[i]);
                key.set(JAVA_INT, 0, cpu);
                value.set(JAVA_INT, 0, fds[i]);
                int r = Bpf.mapUpdate(ownMapFd, key, value, Bpf.ANY);
                if (r < 0) {
                    throw SyscallException.of("BPF_MAP_UPDATE_ELEM perf event array[" + cpu + "]", -r);
                }
                stored.add(cpu);
                poller.add(fds[i], i);
            }
        } catch (RuntimeException e) {
            for (int cpu : stored) {
                deleteQuietly(ownMapFd, cpu);
            }
            for (int i = 0; i < n; i++) {
                if (maps[i] != null) Native.munmap(maps[i]);
                if (fds[i] >= 0) Native.close(fds[i]);
            }
            if (poller != null) poller.discard();
            if (ownMapFd >= 0) Native.close(ownMapFd);
            arena.close();
            throw e;
        }
        return new PerfReader(ownMapFd, cpus, fds, maps, metas, datas, arena, poller);
    }

    private static void deleteQuietly(int mapFd, int cpu) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment key = a.allocate(JAVA_INT);
            key.set(JAVA_INT, 0, cpu);
            Bpf.mapDelete(mapFd, key); // ENOENT when someone else replaced it: fine
        }
    }

    /** The CPUs that have a ring, in ring order. */
    public int[] cpus() {
        return cpus.clone();
    }

    /** Samples the kernel dropped on all CPUs since the reader was opened (as reported so far). */
    public long lostSamples() {
        long sum = 0;
        for (int i = 0; i < lost.length(); i++) {
            sum += lost.get(i);
        }
        return sum;
    }

    /** Samples the kernel dropped on {@code cpu}; 0 for a CPU without a ring. */
    public long lostSamples(int cpu) {
        for (int i = 0; i < cpus.length; i++) {
            if (cpus[i] == cpu) {
                return lost.get(i);
            }
        }
        return 0;
    }

    /** Bytes written to the rings and not yet consumed, over all CPUs. */
    public long availableBytes() {
        if (!poller.acquire()) {
            throw new IllegalStateException("perf reader is closed");
        }
        try {
            long sum = 0;
            for (MemorySegment meta : metas) {
                sum += (long) LONG.getAcquire(meta, PerfEvent.MMAP_DATA_HEAD) - (long) LONG.get(meta, PerfEvent.MMAP_DATA_TAIL);
            }
            return sum;
        } finally {
            poller.release();
        }
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return poller.isClosed();
    }

    /** Delivers what every ring holds now, without waiting: the number of samples, or -1 when closed. */
    public int consume(SampleHandler handler) {
        return poller.consume(drain, handler, Integer.MAX_VALUE);
    }

    /** Waits without a time limit; see {@link #poll(Duration, SampleHandler)}. */
    public int poll(SampleHandler handler) {
        return poll(null, handler);
    }

    /**
     * Delivers the samples in the rings, waiting up to {@code timeout} (null: no limit) when all
     * are empty. Returns the number of samples delivered (0 when the time ran out, or when only
     * lost-sample records came), or -1 when the reader is closed, also by {@link #close()} during the wait.
     */
    public int poll(Duration timeout, SampleHandler handler) {
        return poller.poll(timeout, dataCheck, drain, handler);
    }

    private boolean hasData() {
        for (MemorySegment meta : metas) {
            if ((long) LONG.getAcquire(meta, PerfEvent.MMAP_DATA_HEAD) != (long) LONG.get(meta, PerfEvent.MMAP_DATA_TAIL)) {
                return true;
            }
        }
        return false;
    }

    private int drainAll(SampleHandler handler) {
        int n = 0;
        for (int i = 0; i < metas.length; i++) {
            n += drain(i, handler);
        }
        return n;
    }

    /**
     * One ring: an acquire load of data_head, a release store of data_tail when done. Records are
     * 8-byte aligned, so a header never wraps; a record whose body wraps goes through
     * {@link #deliver} on a contiguous copy, keeping the common path on the ring's own segment.
     */
    private int drain(int ring, SampleHandler handler) {
        final MemorySegment meta = metas[ring];
        final MemorySegment data = datas[ring];
        final int cpu = cpus[ring];
        final long size = data.byteSize();
        final long mask = size - 1;
        final long start = (long) LONG.get(meta, PerfEvent.MMAP_DATA_TAIL);
        final long head = (long) LONG.getAcquire(meta, PerfEvent.MMAP_DATA_HEAD);
        long tail = start;
        int delivered = 0;
        try {
            while (tail < head) {
                long off = tail & mask;
                long header = data.get(JAVA_LONG, off); // u32 type, u16 misc, u16 size (little-endian)
                int recSize = (int) (header >>> 48);
                if (recSize < 8 || tail + recSize > head) {
                    throw corrupt(cpu, tail, "record size " + recSize);
                }
                tail += recSize;
                if (off + recSize > size) { // wraps the end of the ring
                    delivered += deliverWrapped(ring, handler, data, off, recSize, tail - recSize);
                } else if ((int) header == PerfEvent.RECORD_SAMPLE) {
                    int raw = data.get(JAVA_INT, off + 8);
                    if (raw < 0 || raw > recSize - 12) {
                        throw corrupt(cpu, tail - recSize, "sample of " + raw + " raw bytes in a record of " + recSize);
                    }
                    delivered++;
                    handler.onSample(cpu, data, off + 12, raw);
                } else {
                    delivered += deliver(ring, handler, data, off, (int) header, recSize, tail - recSize);
                }
            }
        } finally {
            if (tail != start) {
                LONG.setRelease(meta, PerfEvent.MMAP_DATA_TAIL, tail);
            }
        }
        return delivered;
    }

    /** A record that wraps the end of the ring, copied into the scratch buffer first. */
    private int deliverWrapped(int ring, SampleHandler handler, MemorySegment data, long off, int recSize, long pos) {
        long size = data.byteSize();
        if (recSize > size) {
            throw corrupt(cpus[ring], pos, "record size " + recSize + " in a ring of " + size);
        }
        long first = size - off;
        MemorySegment.copy(data, off, scratch, 0, first);
        MemorySegment.copy(data, 0, scratch, first, recSize - first);
        return deliver(ring, handler, scratch, 0, scratch.get(JAVA_INT, 0), recSize, pos);
    }

    /** Any record at {@code view[base]}: a sample (returns 1), a lost-samples count, or another type (skipped). */
    private int deliver(int ring, SampleHandler handler, MemorySegment view, long base, int type, int recSize,
                        long pos) {
        int cpu = cpus[ring];
        if (type == PerfEvent.RECORD_SAMPLE) {
            int raw = recSize >= 12 ? view.get(JAVA_INT, base + 8) : -1;
            if (raw < 0 || raw > recSize - 12) {
                throw corrupt(cpu, pos, "sample of " + raw + " raw bytes in a record of " + recSize);
            }
            handler.onSample(cpu, view, base + 12, raw);
            return 1;
        }
        if (type == PerfEvent.RECORD_LOST && recSize >= 24) {
            long count = view.get(JAVA_LONG, base + 16);
            lost.addAndGet(ring, count);
            handler.onLost(cpu, count);
        }
        return 0;
    }

    private static EbeeException corrupt(int cpu, long pos, String what) {
        return new EbeeException("corrupt perf ring of CPU " + cpu + " at position " + pos + ": " + what,
                "the ring was written by something other than the kernel's perf output");
    }

    /** Wakes a blocked {@link #poll}; releases everything once no call is in progress. Idempotent. */
    @Override
    public void close() {
        poller.close();
    }

    /** What the reader owns besides the poller; it must not refer to the reader (see {@link Poller#guard}). */
    private record Resources(int mapFd, int[] cpus, int[] eventFds, MemorySegment[] mappings, Arena arena)
            implements Runnable {
        @Override
        public void run() {
            RuntimeException first = null;
            arena.close(); // first: views handed out now throw instead of reading unmapped memory
            for (int i = 0; i < cpus.length; i++) {
                deleteQuietly(mapFd, cpus[i]);
                try {
                    PerfEvent.disable(eventFds[i]);
                    Native.munmap(mappings[i]);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
                try {
                    Native.close(eventFds[i]);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            Native.close(mapFd);
            if (first != null) {
                throw first;
            }
        }
    }

    @Override
    public String toString() {
        return "PerfReader[" + cpus.length + " CPUs" + (poller.isClosed() ? ", closed" : "") + "]";
    }
}
