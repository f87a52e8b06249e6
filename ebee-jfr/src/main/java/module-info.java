/**
 * ebee-jfr: a BPF ring buffer's or perf buffer's records as JDK Flight Recorder events of the
 * application's own recording ({@link dev.ebee.jfr.JfrEventStream}), and the kernel's clock
 * converted to wall-clock time ({@link dev.ebee.jfr.KernelClock}).
 */
module dev.ebee.jfr {
    requires transitive dev.ebee.core;
    requires transitive jdk.jfr;

    exports dev.ebee.jfr;
}
