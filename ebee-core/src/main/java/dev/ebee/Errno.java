package dev.ebee;

/** The errno values ebee meets, by name; {@link #name(int)} for any number. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
            ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
            EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            ENFILE = 23, EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30,
            EPIPE = 32, ERANGE = 34, EDEADLK = 35, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39,
            ELOOP = 40, ENOMSG = 42, ENODATA = 61, ETIME = 62, EPROTO = 71, EOVERFLOW = 75, EBADFD = 77,
            EOPNOTSUPP = 95, EADDRINUSE = 98, EADDRNOTAVAIL = 99, ENETDOWN = 100, ETIMEDOUT = 110,
            EALREADY = 114, EINPROGRESS = 115, ECANCELED = 125, ENOTSUPP = 524;

    private static final String[] NAMES = new String[526];

    static {
        for (var f : Errno.class.getFields()) {
            try {
                NAMES[f.getInt(null)] = f.getName();
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Errno() {
    }

    /** "ENOENT" for 2, "errno 77777" for what it does not know. */
    public static String name(int errno) {
        if (errno >= 0 && errno < NAMES.length && NAMES[errno] != null) {
            return NAMES[errno];
        }
        return "errno " + errno;
    }

    /** The C library's text for the errno, without its number. */
    public static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case EINTR -> "Interrupted system call";
            case E2BIG -> "Argument list too long";
            case EBADF -> "Bad file descriptor";
            case EAGAIN -> "Resource temporarily unavailable";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case EFAULT -> "Bad address";
            case EBUSY -> "Device or resource busy";
            case EEXIST -> "File exists";
            case ENODEV -> "No such device";
            case EINVAL -> "Invalid argument";
            case EMFILE -> "Too many open files";
            case ENOSPC -> "No space left on device";
            case ERANGE -> "Numerical result out of range";
            case ENOSYS -> "Function not implemented";
            case ENOTDIR -> "Not a directory";
            case ELOOP -> "Too many levels of symbolic links";
            case EOPNOTSUPP -> "Operation not supported";
            case ENOTSUPP -> "Operation not supported by the kernel";
            case EOVERFLOW -> "Value too large for defined data type";
            default -> name(errno);
        };
    }
}
