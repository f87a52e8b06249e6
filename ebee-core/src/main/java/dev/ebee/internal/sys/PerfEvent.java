package dev.ebee.internal.sys;

import dev.ebee.Errno;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.EbeeException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code perf_event_open(2)} and the perf event ioctls. Constants are those of the kernel's UAPI
 * {@code linux/perf_event.h}.
 */
public final class PerfEvent {
    // perf_type_id
    public static final int TYPE_HARDWARE = 0, TYPE_SOFTWARE = 1, TYPE_TRACEPOINT = 2, TYPE_HW_CACHE = 3,
            TYPE_RAW = 4, TYPE_BREAKPOINT = 5;
    // perf_sw_ids
    public static final long COUNT_SW_CPU_CLOCK = 0, COUNT_SW_TASK_CLOCK = 1, COUNT_SW_PAGE_FAULTS = 2,
            COUNT_SW_CONTEXT_SWITCHES = 3, COUNT_SW_CPU_MIGRATIONS = 4, COUNT_SW_DUMMY = 9,
            COUNT_SW_BPF_OUTPUT = 10;
    // sample_type bits
    public static final long SAMPLE_IP = 1, SAMPLE_TID = 1 << 1, SAMPLE_TIME = 1 << 2, SAMPLE_ADDR = 1 << 3,
            SAMPLE_READ = 1 << 4, SAMPLE_CALLCHAIN = 1 << 5, SAMPLE_ID = 1 << 6, SAMPLE_CPU = 1 << 7,
            SAMPLE_PERIOD = 1 << 8, SAMPLE_STREAM_ID = 1 << 9, SAMPLE_RAW = 1 << 10;
    // perf_event_open flags
    public static final int FLAG_FD_NO_GROUP = 1, FLAG_FD_OUTPUT = 1 << 1, FLAG_PID_CGROUP = 1 << 2,
            FLAG_FD_CLOEXEC = 1 << 3;
    // ioctl requests
    public static final long IOC_ENABLE = 0x2400, IOC_DISABLE = 0x2401, IOC_RESET = 0x2403,
            IOC_SET_BPF = 0x40042408L, IOC_PAUSE_OUTPUT = 0x40042409L;
    // perf_event_header.type
    public static final int RECORD_LOST = 2, RECORD_SAMPLE = 9;

    // struct perf_event_mmap_page
    public static final long MMAP_DATA_HEAD = 1024, MMAP_DATA_TAIL = 1032, MMAP_DATA_OFFSET = 1040,
            MMAP_DATA_SIZE = 1048;

    private PerfEvent() {
    }

    /**
     * perf_event_open(attr, pid, cpu, groupFd, flags): the new event's fd. {@code pid} -1 with a
     * {@code cpu} >= 0 measures every task on that CPU; {@code groupFd} -1 for no group. Add
     * {@link #FLAG_FD_CLOEXEC} to {@code flags} unless the fd is meant to survive exec.
     */
    public static int open(PerfEventAttr attr, int pid, int cpu, int groupFd, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(PerfEventAttr.SIZE, 8);
            attr.writeTo(a);
            long r = Native.syscall("perf_event_open(type " + attr.type() + ", config " + attr.config() + ", pid "
                    + pid + ", cpu " + cpu + ")", Native.SYS_PERF_EVENT_OPEN, a.address(), pid, cpu, groupFd, flags);
            return (int) r;
        }
    }

    /** {@link #open} with {@link #FLAG_FD_CLOEXEC}, returning an owned {@link Fd}. */
    public static Fd openOwned(PerfEventAttr attr, int pid, int cpu, int groupFd, String what) {
        return Fd.own(open(attr, pid, cpu, groupFd, FLAG_FD_CLOEXEC), what);
    }

    /** PERF_EVENT_IOC_ENABLE. */
    public static void enable(int fd) {
        Native.ioctl("PERF_EVENT_IOC_ENABLE", fd, IOC_ENABLE, 0);
    }

    /** PERF_EVENT_IOC_DISABLE. */
    public static void disable(int fd) {
        Native.ioctl("PERF_EVENT_IOC_DISABLE", fd, IOC_DISABLE, 0);
    }

    /** PERF_EVENT_IOC_SET_BPF: attaches a BPF program (kprobe, uprobe, tracepoint) to the event. */
    public static void setBpf(int fd, int progFd) {
        Native.ioctl("PERF_EVENT_IOC_SET_BPF", fd, IOC_SET_BPF, progFd);
    }

    /** The PMU type number of a dynamic PMU, from /sys/bus/event_source/devices/NAME/type (uprobe, kprobe). */
    public static int dynamicPmuType(String pmu) {
        Path p = Path.of("/sys/bus/event_source/devices", pmu, "type");
        try {
            return Integer.parseInt(Files.readString(p).trim());
        } catch (IOException | NumberFormatException e) {
            throw new UnsupportedFeatureException("read " + p, Errno.ENOENT,
                    "the kernel has no " + pmu + " PMU (" + e.getMessage() + ")");
        }
    }

    /**
     * A field of a dynamic PMU's attr, as /sys/bus/event_source/devices/PMU/format/FIELD says
     * ({@code "config:0"}, {@code "config:32-63"}): which attr word and which bits.
     */
    public record FormatField(String word, int firstBit, int lastBit) {
        public FormatField {
            if (firstBit < 0 || lastBit > 63 || lastBit < firstBit) {
                throw new IllegalArgumentException("bad bit range " + firstBit + "-" + lastBit);
            }
        }

        /** {@code value} shifted into place, masked to the field's width. */
        public long encode(long value) {
            int width = lastBit - firstBit + 1;
            long mask = width == 64 ? -1L : (1L << width) - 1;
            return (value & mask) << firstBit;
        }

        /** Parses {@code "config:0"} or {@code "config1:32-63"}; null when malformed. */
        public static FormatField parse(String text) {
            String t = text.strip();
            int colon = t.indexOf(':');
            if (colon <= 0 || !t.substring(0, colon).matches("config[12]?")) {
                return null;
            }
            String bits = t.substring(colon + 1);
            if (!bits.matches("\\d{1,2}(-\\d{1,2})?")) {
                return null;
            }
            int dash = bits.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? bits : bits.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(bits.substring(dash + 1));
            if (last > 63 || last < first) {
                return null;
            }
            return new FormatField(t.substring(0, colon), first, last);
        }
    }

    /** A dynamic PMU's format field, e.g. {@code pmuFormat("uprobe", "retprobe")} is config bit 0. */
    public static FormatField pmuFormat(String pmu, String field) {
        Path p = Path.of("/sys/bus/event_source/devices", pmu, "format", field);
        String text;
        try {
            text = Files.readString(p);
        } catch (IOException e) {
            throw new UnsupportedFeatureException("read " + p, Errno.ENOENT,
                    "the kernel's " + pmu + " PMU has no format field " + field + " (" + e.getMessage() + ")");
        }
        FormatField f = FormatField.parse(text);
        if (f == null) {
            throw new EbeeException("cannot parse " + p + ": '" + text.strip() + "'", null);
        }
        return f;
    }
}
