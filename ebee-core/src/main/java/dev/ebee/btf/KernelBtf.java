package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.internal.sys.Native;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.SoftReference;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The running kernel's BTF, from /sys/kernel/btf: {@code vmlinux}, which every load that relocates
 * against the kernel needs and which does not change while the system runs, so it is read once per
 * process and kept; and the kernel modules' split BTF on top of it. Where the kernel lets these
 * files be mapped, the BTF is read in place from the mapping (no copy on the heap: the kernel's is
 * 5 MB and more), which stays while the parsed BTF is reachable.
 */
public final class KernelBtf {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final Object LOCK = new Object();
    private static SoftReference<Btf> cache;

    private KernelBtf() {
    }

    /**
     * The kernel's BTF, from /sys/kernel/btf/vmlinux. Parsed once per process and kept while memory
     * allows (a soft reference; {@link #flushCache()} drops it at once). A caller that asks while
     * another thread parses it waits for that parse.
     */
    public static Btf vmlinux() {
        synchronized (LOCK) {
            Btf b = cache == null ? null : cache.get();
            if (b == null) {
                b = Btf.parse(VMLINUX.toString(), read(VMLINUX), null);
                cache = new SoftReference<>(b);
            }
            return b;
        }
    }

    /** Forgets the cached kernel BTF ({@link #vmlinux()} parses it again when next asked). */
    public static void flushCache() {
        synchronized (LOCK) {
            cache = null;
        }
    }

    /** Kernel module {@code name}'s split BTF, from /sys/kernel/btf/{@code name}, on top of {@link #vmlinux()}. */
    public static Btf module(String name) {
        if (name.contains("/") || name.isEmpty()) {
            throw new BtfException("bad kernel module name '" + name + "'");
        }
        Path p = VMLINUX.resolveSibling(name);
        return Btf.parse(p.toString(), read(p), vmlinux());
    }

    /**
     * The contents of a /sys/kernel/btf file. Kernels since 6.16 let these files be mapped
     * (privately, read-only): the mapping itself, where reading takes a system call per 4 KiB page
     * (sysfs) and as many bytes of heap. Files that cannot be mapped (older kernels) are read.
     */
    private static MemorySegment read(Path p) {
        MemorySegment m = mapped(p);
        if (m != null) {
            return m;
        }
        try {
            return MemorySegment.ofArray(Files.readAllBytes(p));
        } catch (AccessDeniedException e) {
            throw new BtfException("cannot read " + p + ": permission denied", "reading kernel BTF needs root", e);
        } catch (NoSuchFileException e) {
            throw new BtfException(p + " does not exist",
                    "the kernel needs CONFIG_DEBUG_INFO_BTF=y (and CONFIG_DEBUG_INFO_BTF_MODULES for modules)", e);
        } catch (IOException e) {
            throw new BtfException("cannot read " + p + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * A private read-only mapping of the file, or null when it cannot be opened or mapped. It is
     * unmapped when the segment becomes unreachable (an automatic arena): the parsed BTF, and every
     * copy of it made with {@link Btf#map}, hold the segment, so no reader outlives the mapping.
     * The kernel maps its BTF pages in place: they do not count in the process's RSS.
     */
    private static MemorySegment mapped(Path p) {
        int fd;
        try {
            fd = Native.open(p.toString(), Native.O_RDONLY | Native.O_CLOEXEC);
        } catch (RuntimeException e) {
            return null; // reading says why
        }
        try {
            long len = Native.fileSizeRaw(fd);
            if (len <= 0 || len > Integer.MAX_VALUE - 16) {
                return null;
            }
            MemorySegment m;
            try {
                m = Native.mmapPrivate("mmap " + p, len, fd);
            } catch (RuntimeException e) {
                return null;
            }
            return m.reinterpret(len, Arena.ofAuto(), Native::munmap).asReadOnly();
        } finally {
            Native.close(fd);
        }
    }
}
