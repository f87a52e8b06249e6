package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.Program;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.Native;
import dev.ebee.SyscallException;

import java.nio.file.Files;
import java.nio.file.Path;

/** A cgroup program attached to a cgroup v2 directory with a cgroup {@code bpf_link} (Linux 5.7+). */
public final class Cgroup extends BaseLink implements Link {
    private static final int O_DIRECTORY = 0x10000;

    private Cgroup(Fd link, String description) {
        super(link, null, description);
    }

    /**
     * Attaches to the cgroup v2 directory {@code cgroup} (e.g. /sys/fs/cgroup/unified/my.slice) at
     * {@code hook}. Several links may share a hook; they all run.
     */
    static Cgroup attach(int progFd, Path cgroup, CgroupHook hook) {
        String what = hook.programKind() + " " + hook.name().toLowerCase() + " on cgroup " + cgroup;
        if (!Files.isDirectory(cgroup)) {
            throw new AttachTargetNotFoundException("no such cgroup: " + cgroup,
                    "give a directory of the cgroup v2 hierarchy (mount -t cgroup2)");
        }
        int dirFd;
        try {
            dirFd = Native.open(cgroup.toString(), Native.O_RDONLY | O_DIRECTORY | Native.O_CLOEXEC);
        } catch (SyscallException e) {
            throw new AttachTargetNotFoundException("cannot open cgroup " + cgroup + ": " + e.getMessage(), null, e);
        }
        try (Fd dir = Fd.own(dirFd, "cgroup " + cgroup)) {
            return new Cgroup(LinkCreate.create(what, progFd, dir.get(), hook.attachType().id(), 0, 0, 0), what);
        } catch (SyscallException e) {
            if (e.errno() == Errno.EBADF) {
                throw new dev.ebee.EbeeException(what + ": " + e.getMessage(),
                        cgroup + " is not a cgroup v2 directory: BPF attaches only to the unified hierarchy", e);
            }
            throw e;
        }
    }

    /** Attaches a loaded cgroup program. */
    public static Cgroup attach(Program program, Path cgroup, CgroupHook hook) {
        return attach(program.fd(), cgroup, hook);
    }
}
