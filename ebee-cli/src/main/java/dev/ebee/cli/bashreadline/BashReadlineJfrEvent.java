package dev.ebee.cli.bashreadline;

import dev.ebee.cli.bpf.BashreadlineBpf.ReadlineEvent;
import dev.ebee.cli.common.KernelJfrEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Unsigned;

/** bashreadline's event in a JFR recording ({@code --jfr}). */
@Name(BashReadlineJfrEvent.NAME)
@Label("Bash Readline")
@Category({"ebee", "Process"})
@Description("A line typed into bash, from ebee bashreadline's uretprobe on readline()")
public final class BashReadlineJfrEvent extends KernelJfrEvent {
    public static final String NAME = "dev.ebee.BashReadline";

    @Label("PID")
    public int pid;

    @Label("UID")
    @Unsigned
    public int uid;

    @Label("Command")
    @Description("The task's comm")
    public String comm;

    @Label("Line")
    @Description("The line readline() returned, cut at 255 bytes")
    public String line;

    static BashReadlineJfrEvent of(ReadlineEvent e) {
        BashReadlineJfrEvent j = new BashReadlineJfrEvent();
        j.kernelTime(e.ktimeNs());
        j.pid = (int) e.pid();
        j.uid = (int) e.uid();
        j.comm = e.comm();
        j.line = e.line();
        return j;
    }

    static void commit(ReadlineEvent e) {
        of(e).commit();
    }
}
