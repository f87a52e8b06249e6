package dev.ebee.link;

import dev.ebee.EbeeException;
import dev.ebee.Program;
import dev.ebee.fs.BpfFs;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** A link over a kernel {@code bpf_link} fd, with the perf event it rides on when there is one. */
abstract class BaseLink {
    /** Bytes of struct bpf_link_info asked for: the fixed head and the largest union member ebee reads. */
    static final int INFO_SIZE = 64;

    private final Fd link;      // null for a perf event with the program set by ioctl (kernels before 5.15)
    private final Fd perfEvent; // may be null
    private final String description;

    BaseLink(Fd link, Fd perfEvent, String description) {
        if (link == null && perfEvent == null) {
            throw new IllegalArgumentException("a link needs a bpf_link or a perf event");
        }
        this.link = link;
        this.perfEvent = perfEvent;
        this.description = description;
    }

    /** The bpf_link fd; -1 when the program was attached to a perf event by ioctl (no bpf_link). */
    public int fd() {
        if (link == null) {
            if (perfEvent.isClosed()) {
                throw new IllegalStateException("file descriptor is closed");
            }
            return -1;
        }
        return link.get();
    }

    /** The bpf_link fd, or an error saying there is none. */
    private int linkFd(String op) {
        if (link == null) {
            throw new EbeeException("cannot " + op + " " + description + ": it was attached with PERF_EVENT_IOC_SET_BPF "
                    + "and has no bpf_link (the kernel predates perf-event links, 5.15)", "close it to detach");
        }
        return link.get();
    }

    /** The perf event under a perf-event link, or -1. */
    public int perfEventFd() {
        return perfEvent == null ? -1 : perfEvent.get();
    }

    public LinkInfo info() {
        return infoOf(linkFd("describe"));
    }

    /** The info of any link fd. */
    static LinkInfo infoOf(int linkFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(INFO_SIZE, 8);
            Bpf.objGetInfo(linkFd, info);
            int rawType = info.get(JAVA_INT, 0);
            LinkType type = LinkType.of(rawType);
            int attachType = -1, ifindex = 0;
            long cgroupId = 0;
            switch (type) {
                case TRACING -> attachType = info.get(JAVA_INT, 16);
                case CGROUP -> {
                    cgroupId = info.get(JAVA_LONG, 16);
                    attachType = info.get(JAVA_INT, 24);
                }
                case NETNS -> attachType = info.get(JAVA_INT, 20);
                case XDP -> ifindex = info.get(JAVA_INT, 16);
                case TCX, NETKIT -> {
                    ifindex = info.get(JAVA_INT, 16);
                    attachType = info.get(JAVA_INT, 20);
                }
                default -> {
                }
            }
            return new LinkInfo(type, rawType, info.get(JAVA_INT, 4), info.get(JAVA_INT, 8), attachType, ifindex, cgroupId);
        }
    }

    public void pin(Path path) {
        BpfFs.pin(linkFd("pin"), path);
    }

    public void update(Program newProgram) {
        update(newProgram.fd());
    }

    /** {@link Link#update(Program)} by program fd, for this package's callers that hold no Program. */
    void update(int newProgramFd) {
        try {
            Bpf.linkUpdate(linkFd("swap the program of"), newProgramFd, 0);
        } catch (SyscallException e) {
            throw unsupported(e, "swap the program of", "close it and attach the new program");
        }
    }

    public void detach() {
        try {
            Bpf.linkDetach(linkFd("detach"));
        } catch (SyscallException e) {
            throw unsupported(e, "detach", "close it instead (and unpin it if pinned)");
        }
    }

    /** The kernel answers EOPNOTSUPP/EINVAL for link kinds that lack an operation: say which kind. */
    private RuntimeException unsupported(SyscallException e, String verb, String instead) {
        int errno = e.errno();
        if (errno == Errno.EOPNOTSUPP || errno == Errno.ENOTSUPP || errno == Errno.EINVAL) {
            String kind;
            try {
                kind = info().type().name().toLowerCase();
            } catch (RuntimeException ignored) {
                kind = "this";
            }
            return new EbeeException("cannot " + verb + " " + description + ": the kernel cannot " + verb + " a "
                    + kind + " link (" + e.getMessage() + ")", instead, e);
        }
        return e;
    }

    public boolean isClosed() {
        return link == null ? perfEvent.isClosed() : link.isClosed();
    }

    public void close() {
        try {
            if (link != null) {
                link.close();
            }
        } finally {
            if (perfEvent != null) {
                perfEvent.close();
            }
        }
    }

    public String toString() {
        return description + (isClosed() ? " (closed)" : link == null ? " (perf event " + perfEvent + ")" : " (link " + link + ")");
    }
}
