package dev.ebee.link;

import java.nio.file.Path;

/**
 * Which USDT probe to attach to: {@code provider:name} in a binary, in every process that runs it or
 * in one process.
 *
 * @param binary   path of the executable or shared library, or a library or command name; with a
 *                 pid, a name the process's mapped files are matched against ({@code libjvm.so}
 *                 finds the JDK the process runs, wherever it is installed)
 * @param provider the probe's provider, such as {@code hotspot}
 * @param name     the probe's name, such as {@code gc__begin}
 * @param pid      the only process to probe, or -1 for every process
 * @param cookie   the value the program reads with {@code bpf_usdt_cookie()} (usdt.bpf.h keeps the
 *                 BPF cookie itself for the spec index)
 */
public record UsdtTarget(String binary, String provider, String name, int pid, long cookie) {
    public UsdtTarget {
        if (binary == null || binary.isEmpty() || binary.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a USDT target needs a binary");
        }
        if (provider == null || provider.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a USDT target needs a provider and a probe name");
        }
    }

    /** {@code provider:name} in {@code binary}, in every process. */
    public static UsdtTarget of(String binary, String provider, String name) {
        return new UsdtTarget(binary, provider, name, -1, 0);
    }

    /** Only in process {@code newPid}, whose mapped files {@link #binary()} is looked up in. */
    public UsdtTarget pid(int newPid) {
        return new UsdtTarget(binary, provider, name, newPid, cookie);
    }

    public UsdtTarget cookie(long newCookie) {
        return new UsdtTarget(binary, provider, name, pid, newCookie);
    }

    /** The file this target names: for a pid, the file the process maps, else a path, command or library. */
    public Path resolve() {
        return pid >= 0 ? UsdtProbes.mappedFile(pid, binary) : Uprobe.resolveBinary(binary);
    }

    @Override
    public String toString() {
        return "usdt " + binary + ":" + provider + ":" + name + (pid >= 0 ? " pid " + pid : "");
    }
}
