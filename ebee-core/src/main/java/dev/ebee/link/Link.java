package dev.ebee.link;

import dev.ebee.Program;
import java.nio.file.Path;

/**
 * A program attached to a hook. Closing the link detaches the program (unless the link is pinned
 * in a bpffs, which keeps it alive): kernel {@code bpf_link}s vanish with the last descriptor, so a
 * killed process leaves nothing attached.
 *
 * <p>Sealed: a link is one of the attach kinds of this package, so a {@code switch} over a link
 * can be exhaustive ({@code case Xdp x -> x.ifindex()}).
 */
public sealed interface Link extends AutoCloseable
        permits Tracepoint, RawTracepoint, Kprobe, Uprobe, UprobeMulti, Usdt, Tracing, Xdp, Tcx, Cgroup, SocketFilter, TcFilter,
                StructOps, StructOpsUpdate, OpenedLink {
    /** The {@code bpf_link} file descriptor; -1 for attachments the kernel makes without a link. */
    int fd();

    /** The kernel's view of the link: type, id, program id and target. */
    LinkInfo info();

    /** Pins the link at {@code path} in a bpffs, so that it outlives this process. */
    void pin(Path path);

    /** Swaps the attached program atomically ({@code BPF_LINK_UPDATE}; XDP, tcx, cgroup, netns links). */
    void update(Program newProgram);

    /**
     * Detaches the program while keeping the link object ({@code BPF_LINK_DETACH}), for links the
     * kernel can detach that way; otherwise close the link.
     */
    void detach();

    /** Whether {@link #close()} has run. */
    boolean isClosed();

    /** Releases the link's descriptors: the program is detached unless the link is pinned. */
    @Override
    void close();
}
