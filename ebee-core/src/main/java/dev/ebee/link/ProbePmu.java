package dev.ebee.link;

import dev.ebee.EbeeException;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.PerfEvent;
import dev.ebee.internal.sys.PerfEventAttr;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's dynamic probe PMUs (kprobe, uprobe) under /sys/bus/event_source/devices. */
final class ProbePmu {
    static final Path DEVICES = Path.of("/sys/bus/event_source/devices");

    private ProbePmu() {
    }

    static boolean present(String pmu) {
        return Files.isRegularFile(DEVICES.resolve(pmu).resolve("type"));
    }

    /** The config bit that makes a return probe, from format/retprobe ("config:0"). */
    static long retprobeBit(String pmu) {
        Path f = DEVICES.resolve(pmu).resolve("format").resolve("retprobe");
        try {
            String s = Files.readString(f).trim();
            if (!s.startsWith("config:")) {
                throw new EbeeException("unexpected format in " + f + ": " + s, null);
            }
            int bit = Integer.parseInt(s.substring(7).trim());
            if (bit < 0 || bit > 63) {
                throw new EbeeException("unexpected retprobe bit in " + f + ": " + s, null);
            }
            return 1L << bit;
        } catch (IOException | NumberFormatException e) {
            throw new EbeeException("cannot read " + f + ": " + e.getMessage(),
                    "the kernel's " + pmu + " PMU has no retprobe format; return probes need Linux 4.17+", e);
        }
    }

    /**
     * Opens a probe event on {@code pmu}: {@code config1} points at {@code target} (function name or
     * path), {@code config2} is the offset. {@code pid} -1 probes every process.
     */
    static Fd open(String pmu, String what, String target, long offset, boolean retprobe, int pid) {
        return open(pmu, what, target, offset, retprobe, pid, 0);
    }

    /**
     * As {@link #open(String, String, String, long, boolean, int)}, with a uprobe reference counter:
     * the file offset of a USDT semaphore, which the kernel increments in every process while the
     * probe is attached (config bits 32-63, format/ref_ctr_offset; Linux 4.20+).
     */
    static Fd open(String pmu, String what, String target, long offset, boolean retprobe, int pid, long refCtrOffset) {
        int type = PerfEvent.dynamicPmuType(pmu);
        long config = retprobe ? retprobeBit(pmu) : 0;
        if (refCtrOffset != 0) {
            if (!Files.isRegularFile(DEVICES.resolve(pmu).resolve("format").resolve("ref_ctr_offset"))) {
                throw new dev.ebee.UnsupportedFeatureException("attach " + what, dev.ebee.Errno.ENOTSUPP,
                        "run Linux 4.20 or later", "the probe has a semaphore, and this kernel's uprobes have no reference "
                        + "counter (no " + DEVICES.resolve(pmu).resolve("format/ref_ctr_offset") + ")");
            }
            config |= refCtrOffset << 32;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment str = arena.allocateFrom(target);
            PerfEventAttr attr = PerfEventAttr.builder(type, config)
                    .config1(str.address()).config2(offset).samplePeriod(1).wakeupEvents(1).build();
            return PerfEvent.openOwned(attr, pid < 0 ? -1 : pid, pid < 0 ? 0 : -1, -1, what);
        }
    }
}
