package dev.ebee;

/** The kernel does not have what was asked for (E2BIG/ENOSYS/EOPNOTSUPP on an attr or command it does not know). */
public class UnsupportedFeatureException extends SyscallException {
    public UnsupportedFeatureException(String operation, int errno, String detail) {
        super(operation, errno, "the running kernel does not support this; it may be too old or built without the feature", detail);
    }

    public UnsupportedFeatureException(String operation, int errno, String hint, String detail) {
        super(operation, errno, hint, detail);
    }
}
