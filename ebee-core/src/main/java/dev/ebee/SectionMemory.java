package dev.ebee;

import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Mapping;
import dev.ebee.internal.sys.Native;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The bytes of one data section (.data, .bss, .rodata, ...) of a loaded collection, as its
 * {@link Variable}s reach them: the section's map mapped into the process, where every access is
 * a memory access to what the programs see, or, where the kernel cannot map it, copies through
 * map lookups and updates. Offsets are from the section's start; widths are 1, 2, 4 or 8 bytes.
 */
abstract sealed class SectionMemory implements AutoCloseable permits SectionMemory.Mapped, SectionMemory.Copied {
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    final boolean readOnly;
    /** The whole section's live memory, or null when it is reached through syscalls. */
    final MemorySegment mapping;
    /** Why the section is not mapped, or null when it is. */
    final String unmappedBecause;

    private SectionMemory(boolean readOnly, MemorySegment mapping, String unmappedBecause) {
        this.readOnly = readOnly;
        this.mapping = mapping;
        this.unmappedBecause = unmappedBecause;
    }

    /**
     * The memory of a data section's map: mapped when it was created mmapable, else copies.
     * {@code readOnly} sections (frozen, or read-only to programs) are mapped read-only, as the
     * kernel allows nothing else.
     */
    static SectionMemory of(BpfMap map, boolean readOnly) {
        if ((map.flags() & MapSpec.F_MMAPABLE) == 0) {
            return new Copied(map, readOnly, "the map of " + map.name()
                    + " is not mmapable (kernels before 5.5 have no BPF_F_MMAPABLE)");
        }
        try {
            return Mapped.of(map, readOnly);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENOTSUPP && e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
            // the kernel maps no section holding a bpf_spin_lock, timer or kptr
            return new Copied(map, readOnly, "the kernel refuses to map " + map.name()
                    + " (it holds a lock, timer or kernel pointer)");
        }
    }

    /** The {@code width} bytes at {@code offset}, sign-extended. */
    abstract long get(long offset, int width);

    abstract void put(long offset, int width, long bits);

    abstract byte[] read(long offset, int length);

    abstract void write(long offset, byte[] bytes);

    @Override
    public abstract void close();

    /**
     * A volatile read where the offset is aligned to the width (BPF programs write concurrently),
     * a plain one where it is not (a packed or char-array variable), which no CPU can make atomic.
     */
    static long load(MemorySegment s, long offset, int width) {
        boolean aligned = offset % width == 0; // the segments here start page- or 8-byte aligned
        return switch (width) {
            case 1 -> (byte) BYTE.getVolatile(s, offset);
            case 2 -> aligned ? (short) SHORT.getVolatile(s, offset) : s.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset);
            case 4 -> aligned ? (int) INT.getVolatile(s, offset) : s.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
            case 8 -> aligned ? (long) LONG.getVolatile(s, offset) : s.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
            default -> throw new IllegalArgumentException("width " + width);
        };
    }

    /** The write of {@link #load}: volatile where aligned. */
    static void store(MemorySegment s, long offset, int width, long bits) {
        boolean aligned = offset % width == 0;
        switch (width) {
            case 1 -> BYTE.setVolatile(s, offset, (byte) bits);
            case 2 -> {
                if (aligned) {
                    SHORT.setVolatile(s, offset, (short) bits);
                } else {
                    s.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (short) bits);
                }
            }
            case 4 -> {
                if (aligned) {
                    INT.setVolatile(s, offset, (int) bits);
                } else {
                    s.set(ValueLayout.JAVA_INT_UNALIGNED, offset, (int) bits);
                }
            }
            case 8 -> {
                if (aligned) {
                    LONG.setVolatile(s, offset, bits);
                } else {
                    s.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, bits);
                }
            }
            default -> throw new IllegalArgumentException("width " + width);
        }
    }

    /** Atomically adds {@code delta} to the 4- or 8-byte value at an aligned offset of a mapping; the old value. */
    static long getAndAdd(MemorySegment s, long offset, int width, long delta) {
        return width == 4 ? (int) INT.getAndAdd(s, offset, (int) delta) : (long) LONG.getAndAdd(s, offset, delta);
    }

    /** Atomically replaces the 4- or 8-byte value at an aligned offset of a mapping if it is {@code expected}. */
    static boolean compareAndSet(MemorySegment s, long offset, int width, long expected, long value) {
        return width == 4 ? INT.compareAndSet(s, offset, (int) expected, (int) value)
                : LONG.compareAndSet(s, offset, expected, value);
    }

    /** The section's map mapped into the process: no syscall per access. */
    static final class Mapped extends SectionMemory {
        private final Mapping owned;

        private Mapped(Mapping owned, int size, boolean readOnly) {
            super(readOnly, owned.segment().asSlice(0, size), null);
            this.owned = owned;
        }

        static Mapped of(BpfMap map, boolean readOnly) {
            long page = Native.pageSize();
            long length = (map.valueSize() + page - 1) / page * page; // the kernel maps whole pages
            return new Mapped(Mapping.map("data section " + map.name(), map.fd(), length, !readOnly), map.valueSize(),
                    readOnly);
        }

        @Override
        long get(long offset, int width) {
            return load(mapping, offset, width);
        }

        @Override
        void put(long offset, int width, long bits) {
            store(mapping, offset, width, bits);
        }

        @Override
        byte[] read(long offset, int length) {
            return mapping.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        }

        @Override
        void write(long offset, byte[] bytes) {
            MemorySegment.copy(bytes, 0, mapping, ValueLayout.JAVA_BYTE, offset, bytes.length);
        }

        @Override
        public void close() {
            owned.close();
        }
    }

    /**
     * The fallback: each read is a lookup of the whole section, each write a lookup and an update
     * of it. A change that a program makes between the two is lost, as with any loader that copies;
     * writes from Java threads are serialised so that they do not lose each other's.
     */
    static final class Copied extends SectionMemory {
        private static final MemorySegment KEY = Arena.global().allocate(4, 4); // the only entry: key 0

        private final BpfMap map;

        Copied(BpfMap map, boolean readOnly, String unmappedBecause) {
            super(readOnly, null, unmappedBecause);
            this.map = map;
        }

        /** The section's current bytes, in memory of {@code arena} (8-byte aligned, as the mapping is). */
        private MemorySegment fetch(Arena arena) {
            MemorySegment value = arena.allocate(map.valueSize(), 8);
            map.lookup(KEY, value);
            return value;
        }

        @Override
        long get(long offset, int width) {
            try (Arena a = Arena.ofConfined()) {
                return load(fetch(a), offset, width);
            }
        }

        @Override
        void put(long offset, int width, long bits) {
            modify(value -> store(value, offset, width, bits));
        }

        @Override
        byte[] read(long offset, int length) {
            try (Arena a = Arena.ofConfined()) {
                return fetch(a).asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
            }
        }

        @Override
        void write(long offset, byte[] bytes) {
            modify(value -> MemorySegment.copy(bytes, 0, value, ValueLayout.JAVA_BYTE, offset, bytes.length));
        }

        private synchronized void modify(Consumer<MemorySegment> change) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment value = fetch(a);
                change.accept(value);
                map.update(KEY, value, Bpf.ANY);
            }
        }

        @Override
        public void close() {
            // nothing of its own: the map is the collection's
        }
    }
}
