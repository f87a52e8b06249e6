package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.ElfException;

import java.nio.file.Path;

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

    /**
     * The entry of {@code symbol} as {@code binary} calls it: in {@code binary} when it defines the
     * symbol, else in the shared library it is bound to at run time, the first of the libraries
     * {@code binary} needs (DT_NEEDED, breadth first) that defines it, each library found as the
     * dynamic linker finds it (RUNPATH or RPATH with $ORIGIN, the linker cache, the default
     * directories). {@code /usr/bin/bc} and {@code readline} give libreadline.so.8 and readline's
     * offset in it. The target is a {@linkplain #fileOffset file offset} in the defining file.
     *
     * @param binary as for {@link #symbol}: a path, or a command or library name
     * @throws AttachTargetNotFoundException when the binary does not exist or neither it nor any of
     *                                       its libraries defines {@code symbol}
     * @throws ElfException                  when the binary or one of its libraries is not a
     *                                       readable 64-bit little-endian ELF file
     */
    public static UprobeTarget resolve(String binary, String symbol) {
        if (binary == null || symbol == null || symbol.isEmpty() || symbol.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("resolving a uprobe needs a binary and a symbol");
        }
        Path program = Uprobe.resolveBinary(binary);
        return SymbolScope.definition(program, symbol).orElseThrow(() -> new AttachTargetNotFoundException(
                "no symbol '" + symbol + "' is defined in " + program + " or the shared libraries it needs",
                "check the name (C++ names are mangled); `nm -D` lists a file's dynamic symbols"));
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
