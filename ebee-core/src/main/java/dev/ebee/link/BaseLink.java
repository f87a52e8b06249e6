package dev.ebee.link;

import dev.ebee.fs.BpfFs;
import dev.ebee.sys.Bpf;
import dev.ebee.sys.Fd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** A link over a kernel {@code bpf_link} fd, with the perf event it rides on when there is one. */
abstract class BaseLink implements Link {
    /** Bytes of struct bpf_link_info asked for: the fixed head and the largest union member ebee reads. */
    static final int INFO_SIZE = 64;

    private final Fd link;
    private final Fd perfEvent; // may be null
    private final String description;

    BaseLink(Fd link, Fd perfEvent, String description) {
        this.link = link;
        this.perfEvent = perfEvent;
        this.description = description;
    }

    @Override
    public int fd() {
        return link.get();
    }

    /** The perf event under a perf-event link, or -1. */
    public int perfEventFd() {
        return perfEvent == null ? -1 : perfEvent.get();
    }

    @Override
    public LinkInfo info() {
        return infoOf(fd());
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

    @Override
    public void pin(Path path) {
        BpfFs.pin(fd(), path);
    }

    @Override
    public void update(int newProgramFd) {
        Bpf.linkUpdate(fd(), newProgramFd, 0);
    }

    @Override
    public void detach() {
        Bpf.linkDetach(fd());
    }

    @Override
    public boolean isClosed() {
        return link.isClosed();
    }

    @Override
    public void close() {
        try {
            link.close();
        } finally {
            if (perfEvent != null) {
                perfEvent.close();
            }
        }
    }

    @Override
    public String toString() {
        return description + (link.isClosed() ? " (closed)" : " (link " + link + ")");
    }
}
