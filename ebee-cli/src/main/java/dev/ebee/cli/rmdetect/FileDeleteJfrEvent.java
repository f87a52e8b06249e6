package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.ProcessJfrEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** rmdetect's event in a JFR recording ({@code --jfr}). */
@Name(FileDeleteJfrEvent.NAME)
@Label("File Delete")
@Category({"ebee", "File System"})
@Description("A file or directory removal (unlink, unlinkat, rmdir) traced by ebee rmdetect")
public final class FileDeleteJfrEvent extends ProcessJfrEvent {
    public static final String NAME = "dev.ebee.FileDelete";

    @Label("Path")
    @Description("The absolute path removed (a relative argument resolved against the directory the kernel walked at entry)")
    public String path;

    @Label("Syscall")
    @Description("unlink, unlinkat or rmdir")
    public String syscall;

    @Label("Directory")
    @Description("A directory removal (rmdir, or unlinkat with AT_REMOVEDIR)")
    public boolean directory;

    @Label("Return Value")
    @Description("The syscall's result: 0, or -errno")
    public int ret;

    static FileDeleteJfrEvent of(RmEvent e, String resolvedPath) {
        FileDeleteJfrEvent j = new FileDeleteJfrEvent();
        j.process(e);
        j.path = resolvedPath;
        j.syscall = e.syscall().label();
        j.directory = e.isDir();
        j.ret = e.ret();
        return j;
    }

    /** Commits the event of {@code e}, which returned at {@code ktimeNanos} (its record's ktime_ns). */
    static void commit(RmEvent e, String resolvedPath, long ktimeNanos) {
        FileDeleteJfrEvent j = of(e, resolvedPath);
        j.kernelTime(ktimeNanos);
        j.commit();
    }
}
