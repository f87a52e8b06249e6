package dev.ebee;

import java.lang.foreign.MemorySegment;

/**
 * A global variable of a loaded collection: a live view of its bytes in its data section (.data,
 * .bss, .rodata, ...), shared with the collection's programs. Obtained with
 * {@link Collection#variable(String)}; valid while the collection is open.
 *
 * <p>Where the kernel maps array maps into memory (BPF_F_MMAPABLE, Linux 5.5+; see
 * {@link dev.ebee.features.Features#mmapableArrays()}), every read and write is a memory access
 * to the bytes the programs read and write, with no system call: aligned accesses are volatile,
 * and 4- and 8-byte variables can be updated atomically with the programs
 * ({@link #getAndAddInt(int)}, {@link #compareAndSetLong(long, long)}, ...). Elsewhere the same
 * methods copy the section through map lookups and updates; only {@link #segment()} and the
 * atomic updates need the mapping, and say so.
 *
 * <p>Values are in the machine's byte order (little-endian on x86_64), as the programs see them.
 * A {@code const volatile} variable (.rodata) is read-only once loaded: set it on the
 * {@link CollectionSpec} before loading instead.
 */
public final class Variable {
    private final String name;
    private final String section;
    private final int offset;
    private final int size;
    private final SectionMemory memory;

    Variable(CollectionSpec.Variable spec, SectionMemory memory) {
        this.name = spec.name();
        this.section = spec.section();
        this.offset = spec.offset();
        this.size = spec.size();
        this.memory = memory;
    }

    /** Its C name. */
    public String name() {
        return name;
    }

    /** Its size in bytes. */
    public int size() {
        return size;
    }

    /** The data section it lives in (the name of its map). */
    public String section() {
        return section;
    }

    /** Whether it cannot be written (a frozen .rodata section, read-only to programs too). */
    public boolean isReadOnly() {
        return memory.readOnly;
    }

    /** Whether its section is mapped into memory: accesses then make no system call. */
    public boolean isMapped() {
        return memory.mapping != null;
    }

    /**
     * Its bytes in the section's mapping, read-only for a read-only variable; for other types than
     * the typed accessors cover (structs, arrays). Valid while the collection is open: an access
     * after close throws {@link IllegalStateException}.
     *
     * @throws UnsupportedFeatureException when the section is not mapped
     */
    public MemorySegment segment() {
        return mapping("a memory segment").asSlice(offset, size);
    }

    // ------------------------------------------------------------------ typed access

    /** Reads a 1-byte variable from the shared memory (no syscall). */
    public byte getByte() {
        return (byte) memory.get(offset, sized(1, "byte"));
    }

    /** Reads a 2-byte variable from the shared memory. */
    public short getShort() {
        return (short) memory.get(offset, sized(2, "short"));
    }

    /** Reads a 4-byte variable from the shared memory. */
    public int getInt() {
        return (int) memory.get(offset, sized(4, "int"));
    }

    /** Reads an 8-byte variable from the shared memory. */
    public long getLong() {
        return memory.get(offset, sized(8, "long"));
    }

    /** Writes a 1-byte variable where the programs read it; not for {@code const} ones. */
    public void setByte(byte value) {
        memory.put(offset, writable(sized(1, "byte")), value);
    }

    /** Writes a 2-byte variable where the programs read it. */
    public void setShort(short value) {
        memory.put(offset, writable(sized(2, "short")), value);
    }

    /** Writes a 4-byte variable where the programs read it. */
    public void setInt(int value) {
        memory.put(offset, writable(sized(4, "int")), value);
    }

    /** Writes an 8-byte variable where the programs read it. */
    public void setLong(long value) {
        memory.put(offset, writable(sized(8, "long")), value);
    }

    // ------------------------------------------------------------------ atomic updates

    /** Atomically adds {@code delta}, as a program's {@code __sync_fetch_and_add} does; the previous value. */
    public int getAndAddInt(int delta) {
        return (int) SectionMemory.getAndAdd(atomic(4, "int"), offset, 4, delta);
    }

    /** Atomically adds {@code delta}; the previous value. */
    public long getAndAddLong(long delta) {
        return SectionMemory.getAndAdd(atomic(8, "long"), offset, 8, delta);
    }

    /** Atomically sets {@code value} if the variable holds {@code expected}; whether it did. */
    public boolean compareAndSetInt(int expected, int value) {
        return SectionMemory.compareAndSet(atomic(4, "int"), offset, 4, expected, value);
    }

    /** Atomically sets {@code value} if the variable holds {@code expected}; whether it did. */
    public boolean compareAndSetLong(long expected, long value) {
        return SectionMemory.compareAndSet(atomic(8, "long"), offset, 8, expected, value);
    }

    // ------------------------------------------------------------------ bytes

    /** A copy of its current bytes. */
    public byte[] toByteArray() {
        return memory.read(offset, size);
    }

    /** Writes all its bytes. */
    public void set(byte[] value) {
        writable(size);
        if (value.length != size) {
            throw new EbeeException("variable " + name + " has " + size + " bytes, got " + value.length);
        }
        memory.write(offset, value);
    }

    // ------------------------------------------------------------------ checks

    private int sized(int width, String type) {
        if (size != width) {
            throw new EbeeException("variable " + name + " (" + section + ") has " + size + " bytes, not the "
                    + width + " of a " + type, "use the accessor of its size, or toByteArray() and segment() for other types");
        }
        return width;
    }

    private int writable(int width) {
        if (memory.readOnly) {
            throw new EbeeException("variable " + name + " lives in " + section + ", which is read-only once loaded",
                    "set it on the CollectionSpec before load (setConstant), or make it a global without const");
        }
        return width;
    }

    private MemorySegment mapping(String what) {
        MemorySegment m = memory.mapping;
        if (m == null) {
            throw new UnsupportedFeatureException(what + " of variable " + name, Errno.ENOTSUPP,
                    "it needs " + section + " mapped into memory; read and write the variable with its get and set methods",
                    memory.unmappedBecause);
        }
        return m;
    }

    private MemorySegment atomic(int width, String type) {
        writable(sized(width, type));
        if (offset % width != 0) {
            throw new EbeeException("variable " + name + " is not " + width + "-byte aligned (offset " + offset + " in "
                    + section + "): no CPU updates it atomically", "align it in the C source");
        }
        return mapping("an atomic update");
    }

    @Override
    public String toString() {
        return "Variable[" + name + " " + section + "+" + offset + ", " + size + " bytes"
                + (isReadOnly() ? ", read-only" : "") + (isMapped() ? ", mapped" : ", copied") + "]";
    }
}
