package dev.ebee;


/** A system call failed: which one, with which errno, and a hint. */
public class SyscallException extends EbeeException {
    private final String operation;
    private final int errno;

    public SyscallException(String operation, int errno, String hint) {
        this(operation, errno, hint, null);
    }

    public SyscallException(String operation, int errno, String hint, String detail) {
        super(operation + ": " + Errno.name(errno) + " (" + Errno.describe(errno) + ")"
                + (detail == null ? "" : ": " + detail), hint);
        this.operation = operation;
        this.errno = errno;
    }

    /** The operation that failed, such as {@code BPF_MAP_CREATE}. */
    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    /** The typed exception for an errno: permission, missing kernel feature, or this class. */
    public static SyscallException of(String operation, int errno) {
        return of(operation, errno, null);
    }

    public static SyscallException of(String operation, int errno, String detail) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> new PermissionException(operation, errno, detail);
            case Errno.E2BIG, Errno.ENOSYS, Errno.EOPNOTSUPP, Errno.ENOTSUPP ->
                    new UnsupportedFeatureException(operation, errno, detail);
            default -> new SyscallException(operation, errno, defaultHint(operation, errno), detail);
        };
    }

    static String defaultHint(String operation, int errno) {
        return switch (errno) {
            case Errno.EINVAL -> operation.startsWith("BPF_")
                    ? "the kernel refused an argument; a kernel older than the feature also answers EINVAL"
                    : null;
            case Errno.ENOMEM -> "the kernel is out of memory for BPF objects, or RLIMIT_MEMLOCK is too low on a kernel before 5.11";
            case Errno.EMFILE -> "too many open file descriptors: raise `ulimit -n`";
            case Errno.EBADF -> "a file descriptor was closed or never valid";
            default -> null;
        };
    }
}
