package dev.ebee.link;

import dev.ebee.Program;
import java.nio.file.Path;

/**
 * A program attached to a hook. Closing the link detaches the program (unless the link is pinned
 * in a bpffs, which keeps it alive): kernel {@code bpf_link}s vanish with the last descriptor, so a
 * killed process leaves nothing attached.
 */
public interface Link extends AutoCloseable {
    /** The {@code bpf_link} file descriptor; -1 for attachments the kernel makes without a link. */
    int fd();

    /** The kernel's view of the link: type, id, program id and target. */
    LinkInfo info();

    /** Pins the link at {@code path} in a bpffs, so that it outlives this process. */
    void pin(Path path);

    /** Swaps the attached program atomically ({@code BPF_LINK_UPDATE}; XDP, tcx, cgroup, netns links). */
    void update(int newProgramFd);

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

    /** {@link #update(int)} with a loaded program. */
    default void update(Program newProgram) {
        update(newProgram.fd());
    }
}
