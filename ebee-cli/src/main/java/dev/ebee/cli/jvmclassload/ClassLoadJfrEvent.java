package dev.ebee.cli.jvmclassload;

import dev.ebee.cli.bpf.JvmclassloadBpf.ClassEvent;
import dev.ebee.cli.common.KernelJfrEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Unsigned;

/** jvmclassload's event in a JFR recording ({@code --jfr}): a class another JVM loaded or unloaded, seen from the kernel. */
@Name(ClassLoadJfrEvent.NAME)
@Label("Class Load/Unload")
@Category({"ebee", "JVM"})
@Description("A class loaded or unloaded by a JVM on this host, from its hotspot:class__loaded/class__unloaded USDT probes (ebee jvmclassload)")
public final class ClassLoadJfrEvent extends KernelJfrEvent {
    public static final String NAME = "dev.ebee.ClassLoad";

    @Label("PID")
    @Description("The JVM's process id")
    public int pid;

    @Label("TID")
    @Description("The thread that loaded or unloaded the class")
    public int tid;

    @Label("Event")
    @Description("load or unload")
    public String event;

    @Label("Class")
    @Description("The class name, dotted as -verbose:class prints it")
    public String className;

    @Label("Loader")
    @Unsigned
    @Description("The class loader's id: the address of its HotSpot ClassLoaderData")
    public long loader;

    @Label("Shared")
    @Description("The class came from the CDS archive")
    public boolean shared;

    static ClassLoadJfrEvent of(ClassEvent e) {
        ClassLoadJfrEvent j = new ClassLoadJfrEvent();
        j.kernelTime(e.ktimeNs()); // the probe fired
        j.pid = (int) e.pid();
        j.tid = (int) e.tid();
        j.event = JvmclassloadCommand.kind(e);
        j.className = JvmclassloadCommand.className(e.name());
        j.loader = e.loader();
        j.shared = e.shared() != 0;
        return j;
    }

    static void commit(ClassEvent e) {
        of(e).commit();
    }
}
