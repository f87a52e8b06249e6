package dev.ebee.internal.sys;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The fields of {@code struct perf_event_attr} that ebee sets, as plain data. {@link #writeTo}
 * lays them out at the UAPI offsets, {@link #SIZE} bytes, everything else zero.
 *
 * <p>{@code flags} is the attr's bitfield word (bit numbers in the {@code FLAG_*} constants);
 * {@code wakeupEvents} is {@code wakeup_events}, or {@code wakeup_watermark} in bytes when
 * {@link #FLAG_WATERMARK} is set. For perf_kprobe/perf_uprobe PMUs, {@code config1} is the address
 * of the function name or path (a C string the caller keeps alive) and {@code config2} the offset.
 *
 * <pre>{@code
 * PerfEventAttr attr = PerfEventAttr.builder(PerfEvent.TYPE_SOFTWARE, PerfEvent.COUNT_SW_BPF_OUTPUT)
 *     .samplePeriod(1).sampleType(PerfEvent.SAMPLE_RAW).wakeupEvents(1).build();
 * }</pre>
 */
public record PerfEventAttr(int type, long config, long config1, long config2, long samplePeriod,
                            long sampleType, long readFormat, long flags, int wakeupEvents, int bpType) {

    /** Bytes of perf_event_attr ebee passes (PERF_ATTR_SIZE_VER8). */
    public static final int SIZE = 128;

    // offsets in struct perf_event_attr
    public static final long OFF_TYPE = 0, OFF_SIZE = 4, OFF_CONFIG = 8, OFF_SAMPLE_PERIOD = 16,
            OFF_SAMPLE_TYPE = 24, OFF_READ_FORMAT = 32, OFF_FLAGS = 40, OFF_WAKEUP = 48, OFF_BP_TYPE = 52,
            OFF_CONFIG1 = 56, OFF_CONFIG2 = 64;

    // bits of the flags word
    public static final long FLAG_DISABLED = 1L, FLAG_INHERIT = 1L << 1, FLAG_PINNED = 1L << 2,
            FLAG_EXCLUSIVE = 1L << 3, FLAG_EXCLUDE_USER = 1L << 4, FLAG_EXCLUDE_KERNEL = 1L << 5,
            FLAG_EXCLUDE_HV = 1L << 6, FLAG_EXCLUDE_IDLE = 1L << 7, FLAG_FREQ = 1L << 10,
            FLAG_ENABLE_ON_EXEC = 1L << 12, FLAG_WATERMARK = 1L << 14, FLAG_SAMPLE_ID_ALL = 1L << 18,
            FLAG_WRITE_BACKWARD = 1L << 27, FLAG_REMOVE_ON_EXEC = 1L << 36;

    public PerfEventAttr {
        if (wakeupEvents < 0) {
            throw new IllegalArgumentException("wakeup_events/watermark must not be negative: " + wakeupEvents);
        }
    }

    public static Builder builder(int type, long config) {
        return new Builder(type, config);
    }

    /** Writes the attr at offset 0 of {@code seg} (at least {@link #SIZE} bytes), zeroing the rest. */
    public void writeTo(MemorySegment seg) {
        MemorySegment s = seg.asSlice(0, SIZE);
        s.fill((byte) 0);
        s.set(JAVA_INT, OFF_TYPE, type);
        s.set(JAVA_INT, OFF_SIZE, SIZE);
        s.set(JAVA_LONG, OFF_CONFIG, config);
        s.set(JAVA_LONG, OFF_SAMPLE_PERIOD, samplePeriod);
        s.set(JAVA_LONG, OFF_SAMPLE_TYPE, sampleType);
        s.set(JAVA_LONG, OFF_READ_FORMAT, readFormat);
        s.set(JAVA_LONG, OFF_FLAGS, flags);
        s.set(JAVA_INT, OFF_WAKEUP, wakeupEvents);
        s.set(JAVA_INT, OFF_BP_TYPE, bpType);
        s.set(JAVA_LONG, OFF_CONFIG1, config1);
        s.set(JAVA_LONG, OFF_CONFIG2, config2);
    }

    /** A mutable builder; every field defaults to zero. */
    public static final class Builder {
        private int type;
        private long config, config1, config2, samplePeriod, sampleType, readFormat, flags;
        private int wakeupEvents, bpType;

        private Builder(int type, long config) {
            this.type = type;
            this.config = config;
        }

        public Builder type(int v) { type = v; return this; }
        public Builder config(long v) { config = v; return this; }
        public Builder config1(long v) { config1 = v; return this; }
        public Builder config2(long v) { config2 = v; return this; }
        public Builder samplePeriod(long v) { samplePeriod = v; return this; }
        public Builder sampleType(long v) { sampleType = v; return this; }
        public Builder readFormat(long v) { readFormat = v; return this; }
        /** Replaces the whole flags word. */
        public Builder flags(long v) { flags = v; return this; }
        /** Sets the given {@code FLAG_*} bits. */
        public Builder flag(long bits) { flags |= bits; return this; }
        public Builder wakeupEvents(int n) { wakeupEvents = n; flags &= ~FLAG_WATERMARK; return this; }
        /** Wake up readers once {@code bytes} are in the ring (sets the watermark flag). */
        public Builder wakeupWatermark(int bytes) { wakeupEvents = bytes; flags |= FLAG_WATERMARK; return this; }
        public Builder bpType(int v) { bpType = v; return this; }

        public PerfEventAttr build() {
            return new PerfEventAttr(type, config, config1, config2, samplePeriod, sampleType, readFormat, flags,
                    wakeupEvents, bpType);
        }
    }
}
