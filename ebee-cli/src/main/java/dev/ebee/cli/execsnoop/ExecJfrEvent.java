package dev.ebee.cli.execsnoop;

import dev.ebee.cli.common.ProcessJfrEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** execsnoop's event in a JFR recording ({@code --jfr}). */
@Name(ExecJfrEvent.NAME)
@Label("Exec")
@Category({"ebee", "Process"})
@Description("An exec() (execve or execveat) traced by ebee execsnoop, at its return")
public final class ExecJfrEvent extends ProcessJfrEvent {
    public static final String NAME = "dev.ebee.Exec";

    @Label("Arguments")
    @Description("The filename, then argv[1..], separated by spaces; \" ...\" when more were passed than copied")
    public String args;

    @Label("Return Value")
    @Description("The syscall's result: 0, or -errno for a failed exec")
    public int ret;

    @Label("Truncated")
    @Description("More arguments were passed than were copied (--max-args)")
    public boolean truncated;

    @Label("execveat")
    @Description("The call was execveat rather than execve")
    public boolean execveat;

    /** The event for {@code e}, its fields set. */
    static ExecJfrEvent of(ExecEvent e) {
        ExecJfrEvent j = new ExecJfrEvent();
        j.process(e);
        j.args = ExecsnoopOutput.argsLine(e, false);
        j.ret = e.ret();
        j.truncated = e.truncated();
        j.execveat = e.execveat();
        return j;
    }

    /** Commits the event of {@code e}, which returned at {@code ktimeNanos} (its record's ktime_ns). */
    static void commit(ExecEvent e, long ktimeNanos) {
        ExecJfrEvent j = of(e);
        j.kernelTime(ktimeNanos);
        j.commit();
    }
}
