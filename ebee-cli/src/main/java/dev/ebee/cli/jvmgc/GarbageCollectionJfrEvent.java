package dev.ebee.cli.jvmgc;

import dev.ebee.cli.bpf.JvmgcBpf.GcEvent;
import dev.ebee.cli.common.KernelJfrEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** jvmgc's event in a JFR recording ({@code --jfr}): a collection of another JVM, seen from the kernel. */
@Name(GarbageCollectionJfrEvent.NAME)
@Label("Garbage Collection")
@Category({"ebee", "JVM"})
@Description("A HotSpot garbage collection of a JVM on this host, from its hotspot:gc__begin/gc__end USDT probes (ebee jvmgc)")
public final class GarbageCollectionJfrEvent extends KernelJfrEvent {
    public static final String NAME = "dev.ebee.GarbageCollection";

    @Label("PID")
    @Description("The JVM's process id")
    public int pid;

    @Label("TID")
    @Description("The thread that ran the collection")
    public int tid;

    @Label("Command")
    @Description("The collecting thread's comm")
    public String comm;

    @Label("Full")
    @Description("A full collection (gc__begin's argument)")
    public boolean full;

    @Label("Pause")
    @Timespan(Timespan.NANOSECONDS)
    @Description("gc__begin to gc__end on the collecting thread")
    public long pause;

    static GarbageCollectionJfrEvent of(GcEvent e) {
        GarbageCollectionJfrEvent j = new GarbageCollectionJfrEvent();
        j.kernelTime(e.startNs()); // the pause's start
        j.pid = (int) e.pid();
        j.tid = (int) e.tid();
        j.comm = e.comm();
        j.full = e.full() != 0;
        j.pause = e.durationNs();
        return j;
    }

    static void commit(GcEvent e) {
        of(e).commit();
    }
}
