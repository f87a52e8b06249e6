package dev.ebee.cli.common;

import dev.ebee.jfr.KernelClock;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Timestamp;

/**
 * A tool's JFR event whose record carries the kernel's time of it ({@code bpf_ktime_get_ns()} in
 * the BPF program): that time, on the wall clock, is the field {@code kernelTime}. It is not the
 * event's {@code startTime}, which JFR takes itself at {@code commit()} (no public API sets it):
 * the moment ebee read the record, a few microseconds to one poll interval later.
 */
public abstract class KernelJfrEvent extends Event {
    @Label("Kernel Time")
    @Description("When the kernel saw it (bpf_ktime_get_ns in the BPF program), on the wall clock")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long kernelTime;

    /** Sets {@code kernelTime} from the record's {@code bpf_ktime_get_ns()} value. */
    public final void kernelTime(long ktimeNanos) {
        kernelTime = Clock.KERNEL.epochMillis(ktimeNanos);
    }

    /** Measured at the first event, not at class loading of a tool that records nothing. */
    private static final class Clock {
        static final KernelClock KERNEL = KernelClock.measure();
    }
}
