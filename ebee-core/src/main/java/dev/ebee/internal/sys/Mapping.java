package dev.ebee.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An owned shared mapping of a file descriptor's memory (a BPF map's values). Closing it is
 * idempotent. As with {@link Fd}, a {@link Cleaner} unmaps a mapping whose owner forgot it and
 * logs the leak: a bug of the owner, never the way to release one.
 */
public final class Mapping implements AutoCloseable {
    private final MemorySegment segment;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** {@code explicit}: set by {@link #close()}, so that only a forgotten mapping is reported. */
    private record Release(Arena arena, MemorySegment raw, String what, AtomicBoolean explicit) implements Runnable {
        @Override
        public void run() {
            if (!explicit.get()) {
                Log.warning("ebee: the mapping of " + what + " was never closed; unmapping it now");
            }
            arena.close(); // first: a view kept past this point throws instead of touching unmapped memory
            Native.munmap(raw);
        }
    }

    @SuppressWarnings("restricted") // reinterpret: binds the mapped memory to the mapping's arena
    private Mapping(MemorySegment raw, String what, boolean writable) {
        Arena arena = Arena.ofShared(); // BPF programs and any Java thread share the memory
        MemorySegment view = raw.reinterpret(arena, null);
        this.segment = writable ? view : view.asReadOnly();
        this.release = new Release(arena, raw, what, new AtomicBoolean());
        this.cleanable = Fd.CLEANER.register(this, release);
    }

    /**
     * Maps {@code length} bytes (a multiple of the page size) of {@code fd} from its start, shared,
     * read-write or read-only; {@code what} names it in errors and leak reports.
     */
    public static Mapping map(String what, int fd, long length, boolean writable) {
        int prot = writable ? Native.PROT_READ | Native.PROT_WRITE : Native.PROT_READ;
        MemorySegment raw = Native.mmap("mmap " + what, length, prot, fd, 0);
        return new Mapping(raw, what, writable);
    }

    /** The mapped memory (read-only when mapped so), valid until {@link #close()}. */
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void close() {
        release.explicit.set(true);
        cleanable.clean(); // runs the release at most once
    }

    @Override
    public String toString() {
        return "Mapping[" + release.what() + ", " + segment.byteSize() + " bytes]";
    }
}
