package dev.ebee.cli.jvmthreads;

import dev.ebee.cli.bpf.JvmthreadsBpf.ThreadEvent;
import dev.ebee.cli.common.KernelJfrEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** jvmthreads' event in a JFR recording ({@code --jfr}): a thread of another JVM started or stopped, seen from the kernel. */
@Name(JavaThreadJfrEvent.NAME)
@Label("Java Thread Start/Stop")
@Category({"ebee", "JVM"})
@Description("A Java thread of a JVM on this host started or stopped, from its hotspot:thread__start/thread__stop USDT probes (ebee jvmthreads)")
public final class JavaThreadJfrEvent extends KernelJfrEvent {
    public static final String NAME = "dev.ebee.JavaThread";

    @Label("PID")
    @Description("The JVM's process id")
    public int pid;

    @Label("TID")
    @Description("The thread's native (kernel) thread id")
    public int tid;

    @Label("Java Thread ID")
    @Description("The thread's java.lang.Thread id (threadId())")
    public long javaId;

    @Label("Event")
    @Description("start or stop")
    public String event;

    @Label("Daemon")
    @Description("A daemon thread")
    public boolean daemon;

    @Label("Name")
    @Description("The Java thread's name")
    public String name;

    static JavaThreadJfrEvent of(ThreadEvent e) {
        JavaThreadJfrEvent j = new JavaThreadJfrEvent();
        j.kernelTime(e.ktimeNs()); // the probe fired
        j.pid = (int) e.pid();
        j.tid = (int) e.tid();
        j.javaId = e.javaId();
        j.event = JvmthreadsCommand.kind(e);
        j.daemon = e.daemon() != 0;
        j.name = e.name();
        return j;
    }

    static void commit(ThreadEvent e) {
        of(e).commit();
    }
}
