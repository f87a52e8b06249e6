package dev.ebee.link;

/**
 * Where a uprobe goes: a binary or library, and a symbol (plus an offset into it) or a raw file
 * offset; optionally one process, a return probe, and a BPF cookie.
 *
 * @param binary    path of the executable or shared library, or a bare library name ("libc") or
 *                  command name ("bash") resolved through the library directories and PATH
 * @param symbol    function name, or null when {@code offset} is a file offset
 * @param offset    bytes past the symbol, or the file offset when {@code symbol} is null
 * @param pid       the only process to probe, or -1 for every process
 * @param retprobe  probe the function's return instead of its entry
 * @param cookie    value the program reads with bpf_get_attach_cookie
 */
public record UprobeTarget(String binary, String symbol, long offset, int pid, boolean retprobe, long cookie) {
    public UprobeTarget {
        if (binary == null || binary.isEmpty() || binary.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("uprobe needs a binary");
        }
        if (symbol != null && (symbol.isEmpty() || symbol.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("uprobe symbol must not be empty");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("uprobe offset must not be negative: " + offset);
        }
    }

    /** The entry of {@code symbol} in {@code binary}, in every process. */
    public static UprobeTarget symbol(String binary, String symbol) {
        return new UprobeTarget(binary, symbol, 0, -1, false, 0);
    }

    /** The instruction at file offset {@code fileOffset} of {@code binary}. */
    public static UprobeTarget fileOffset(String binary, long fileOffset) {
        return new UprobeTarget(binary, null, fileOffset, -1, false, 0);
    }

    public UprobeTarget pid(int newPid) {
        return new UprobeTarget(binary, symbol, offset, newPid, retprobe, cookie);
    }

    public UprobeTarget retprobe(boolean ret) {
        return new UprobeTarget(binary, symbol, offset, pid, ret, cookie);
    }

    public UprobeTarget cookie(long newCookie) {
        return new UprobeTarget(binary, symbol, offset, pid, retprobe, newCookie);
    }

    /** Probe {@code bytes} past the symbol's start (or past the file offset). */
    public UprobeTarget plus(long bytes) {
        return new UprobeTarget(binary, symbol, offset + bytes, pid, retprobe, cookie);
    }

    @Override
    public String toString() {
        return (retprobe ? "uretprobe " : "uprobe ") + binary + ":"
                + (symbol == null ? "0x" + Long.toHexString(offset) : symbol + (offset == 0 ? "" : "+" + offset))
                + (pid >= 0 ? " pid " + pid : "");
    }
}
