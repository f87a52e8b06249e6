package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.Program;
import dev.ebee.EbeeException;
import dev.ebee.ElfException;
import dev.ebee.internal.elf.ElfFile;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;
import dev.ebee.UnsupportedFeatureException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code uprobe/} or {@code uretprobe/} program attached to a user-space function through the
 * uprobe PMU and a perf-event link. Symbols are resolved to file offsets from the binary's ELF
 * symbol tables (dynamic and static; executables, PIE and shared libraries);
 * {@link UprobeTarget#resolve} finds the shared library that defines a function a program calls.
 */
public final class Uprobe extends BaseLink implements Link {
    static final String PMU = "uprobe";

    private final Path binary;
    private final long fileOffset;

    private Uprobe(Fd link, Fd perf, String description, Path binary, long fileOffset) {
        super(link, perf, description);
        this.binary = binary;
        this.fileOffset = fileOffset;
    }

    /** Whether the kernel has the uprobe PMU. */
    public static boolean available() {
        return ProbePmu.present(PMU);
    }

    /** Probes the entry of {@code symbol} in {@code binary} (a path, or a library/command name) in every process. */
    static Uprobe attach(int progFd, String binary, String symbol) {
        return attach(progFd, UprobeTarget.symbol(binary, symbol));
    }

    /** Probes the return of {@code symbol} in {@code binary} in every process. */
    static Uprobe attachReturn(int progFd, String binary, String symbol) {
        return attach(progFd, UprobeTarget.symbol(binary, symbol).retprobe(true));
    }

    /** Attaches as {@code target} says. */
    static Uprobe attach(int progFd, UprobeTarget target) {
        return attach(progFd, target, 0, target.toString());
    }

    /**
     * Attaches as {@code target} says, with the uprobe reference counter at file offset
     * {@code refCtrOffset} (0 for none) and {@code what} naming the probe in errors.
     */
    static Uprobe attach(int progFd, UprobeTarget target, long refCtrOffset, String what) {
        if (!available()) {
            throw new UnsupportedFeatureException("attach " + what, Errno.ENOENT,
                    "run a kernel built with CONFIG_UPROBE_EVENTS=y",
                    "uprobes are not available: the kernel has no uprobe PMU (" + ProbePmu.DEVICES.resolve(PMU) + ")");
        }
        Path path = resolveBinary(target.binary());
        long offset = target.offset();
        if (target.symbol() != null) {
            offset += symbolOffset(path, target.symbol());
        }
        Fd perf;
        try {
            perf = ProbePmu.open(PMU, what, path.toString(), offset, target.retprobe(), target.pid(), refCtrOffset);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) {
                throw new AttachTargetNotFoundException(what + ": no process " + target.pid(), "check the pid", e);
            }
            if (e.errno() == Errno.EINVAL) {
                throw new EbeeException("cannot place " + what + " at file offset 0x" + Long.toHexString(offset)
                        + ": " + e.getMessage(), "the offset must be that of an instruction in an executable segment", e);
            }
            throw e;
        }
        try {
            return new Uprobe(PerfLinks.link(what, progFd, perf, target.cookie()), perf, what, path, offset);
        } catch (RuntimeException e) {
            perf.close();
            throw e;
        }
    }

    /** The file offset of {@code symbol} in the ELF file {@code binary}, as uprobes take it. */
    public static long symbolOffset(Path binary, String symbol) {
        ElfFile elf;
        try {
            elf = ElfFile.open(binary);
        } catch (ElfException e) {
            throw new AttachTargetNotFoundException("cannot read " + binary + " as ELF: " + e.getMessage(), e.hint(), e);
        }
        try {
            return elf.symbolFileOffset(symbol);
        } catch (ElfException e) {
            throw new AttachTargetNotFoundException("no function " + symbol + " in " + binary + ": " + e.getMessage(),
                    e.hint(), e);
        }
    }

    /**
     * The file a binary name stands for: a path as given (made real), else a command on PATH, else a
     * shared library in the usual library directories ("libc" finds libc.so.6).
     */
    public static Path resolveBinary(String binary) {
        if (binary.indexOf('/') >= 0) {
            Path p = Path.of(binary);
            if (!Files.isRegularFile(p)) {
                throw new AttachTargetNotFoundException("no such binary: " + binary, "give the path of an executable or shared library");
            }
            return real(p);
        }
        return Libraries.find(binary).map(Uprobe::real).orElseThrow(() -> new AttachTargetNotFoundException(
                "cannot find binary or library " + binary + " on PATH or in the library directories",
                "give its full path"));
    }

    /** The path with links resolved (absolute when it cannot be): the file the kernel places the probe on. */
    static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath();
        }
    }

    /** The probed file. */
    public Path binary() {
        return binary;
    }

    /** The probed file offset. */
    public long fileOffset() {
        return fileOffset;
    }

    /** Attaches a loaded uprobe program as {@code target} says. */
    public static Uprobe attach(Program program, UprobeTarget target) {
        return attach(program.fd(), target);
    }

    /** Probes the entry of {@code symbol} in {@code binary} (a path, or a library/command name) in every process. */
    public static Uprobe attach(Program program, String binary, String symbol) {
        return attach(program.fd(), binary, symbol);
    }

    /** Probes the return of {@code symbol} in {@code binary} in every process. */
    public static Uprobe attachReturn(Program program, String binary, String symbol) {
        return attachReturn(program.fd(), binary, symbol);
    }
}
