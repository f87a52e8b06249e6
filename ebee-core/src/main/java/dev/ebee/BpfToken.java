package dev.ebee;

import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;
import dev.ebee.internal.sys.Native;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A BPF token (Linux 6.9+): the right to create maps, load BTF and load programs that an
 * administrator delegated to a user namespace by mounting a bpffs there with {@code delegate_cmds},
 * {@code delegate_maps}, {@code delegate_progs} and {@code delegate_attachs}. A process without
 * CAP_BPF in the init namespace (a container) loads what it was delegated by passing the token:
 * {@code spec.load(Collection.Options.DEFAULT.withToken(token))}. Loading also picks a token up
 * by itself from {@value #PATH_VARIABLE}, the variable libbpf reads.
 *
 * <p>The token is needed only while objects are created; closing it leaves them as they are.
 * Attaching through {@code perf_event_open} (tracepoints, kprobes, uprobes) is not covered by
 * tokens: that still needs CAP_PERFMON in the init namespace.
 */
public final class BpfToken implements AutoCloseable {
    /** The environment variable naming the bpffs to create a token from, as libbpf takes it. */
    public static final String PATH_VARIABLE = "LIBBPF_BPF_TOKEN_PATH";

    /** The system property that does the same for one JVM (the CLI's {@code --bpf-token}); it wins over the variable. */
    public static final String PATH_PROPERTY = "ebee.bpfToken";

    private final Fd fd;
    private final Path bpffs;

    private BpfToken(Fd fd, Path bpffs) {
        this.fd = fd;
        this.bpffs = bpffs;
    }

    /**
     * Creates a token from the bpffs mounted at {@code bpffs} (BPF_TOKEN_CREATE).
     *
     * @throws UnsupportedFeatureException when the kernel has no BPF tokens (before 6.9)
     * @throws SyscallException when the file system delegates nothing to this user namespace (EPERM,
     *                          or ENOENT... as the kernel says), or is not a bpffs
     */
    public static BpfToken open(Path bpffs) {
        int dir = Native.open(bpffs.toString(), Native.O_RDONLY | Native.O_CLOEXEC);
        try {
            MemorySegment a = Bpf.attr();
            a.set(JAVA_INT, Bpf.Attr.TOKEN_BPFFS_FD, dir);
            long r = Bpf.raw(Bpf.TOKEN_CREATE, a);
            if (r == -Errno.EINVAL) {
                dev.ebee.features.Features.kernel().bpfTokens().require(); // EINVAL: no such command, or not a bpffs
            }
            if (r < 0) {
                throw new SyscallException("BPF_TOKEN_CREATE from " + bpffs, (int) -r,
                        "the bpffs must be mounted with delegate_cmds/maps/progs/attachs for this user namespace"
                                + " (by a process privileged in the init namespace)");
            }
            return new BpfToken(Fd.own((int) r, "BPF token from " + bpffs), bpffs);
        } finally {
            Native.close(dir);
        }
    }

    /**
     * The token that {@value #PATH_PROPERTY} or else {@value #PATH_VARIABLE} asks for: empty when
     * neither is set or the one set is empty (libbpf's way to turn tokens off).
     */
    public static Optional<BpfToken> fromEnvironment() {
        String path = System.getProperty(PATH_PROPERTY, System.getenv(PATH_VARIABLE));
        return path == null || path.isEmpty() ? Optional.empty() : Optional.of(open(Path.of(path)));
    }

    /** The token's file descriptor; throws {@link IllegalStateException} once closed. */
    public int fd() {
        return fd.get();
    }

    /** The bpffs it was created from. */
    public Path bpffs() {
        return bpffs;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "BpfToken[" + bpffs + ", " + (fd.isClosed() ? "closed" : "fd=" + fd.get()) + "]";
    }
}
