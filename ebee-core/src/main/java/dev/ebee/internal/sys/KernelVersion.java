package dev.ebee.internal.sys;

import dev.ebee.EbeeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The running kernel's version, as KERNEL_VERSION(a, b, c) numbers it. */
public final class KernelVersion {
    private KernelVersion() {
    }

    private static final class Running {
        static final int CODE = read();
    }

    /** KERNEL_VERSION(a, b, c) of the running kernel (the patch level capped at 255, as the kernel does). */
    public static int code() {
        return Running.CODE;
    }

    public static boolean atLeast(int major, int minor) {
        return code() >= of(major, minor, 0);
    }

    public static int of(int major, int minor, int patch) {
        return (major << 16) + (minor << 8) + Math.min(patch, 255);
    }

    /** Parses a release string such as {@code 6.18.44-fc-v595}. */
    public static int parse(String release) {
        String[] p = release.trim().split("[^0-9]+");
        try {
            return of(Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0,
                    p.length > 2 ? Integer.parseInt(p[2]) : 0);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new EbeeException("cannot read a kernel version from '" + release + "'");
        }
    }

    private static int read() {
        try {
            return parse(Files.readString(Path.of("/proc/sys/kernel/osrelease")));
        } catch (IOException e) {
            throw new EbeeException("cannot read the kernel version from /proc/sys/kernel/osrelease", null, e);
        }
    }
}
