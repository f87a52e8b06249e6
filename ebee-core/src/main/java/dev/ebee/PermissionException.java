package dev.ebee;

/** EPERM or EACCES: the caller lacks privileges, or the kernel refuses the operation to everyone. */
public class PermissionException extends SyscallException {
    public PermissionException(String operation, int errno, String detail) {
        super(operation, errno, "run as root, or grant CAP_BPF and CAP_PERFMON (CAP_NET_ADMIN for networking programs)", detail);
    }

    public PermissionException(String operation, int errno, String hint, String detail) {
        super(operation, errno, hint, detail);
    }
}
