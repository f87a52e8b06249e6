package dev.ebee;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Converts between Java values and the bytes of a map key or value. The built-in codecs use the
 * machine's byte order, as BPF programs do; callers supply their own for structs (bpf2java
 * generates them).
 */
public interface Codec<T> {
    /** Bytes of the encoded form. */
    int size();

    void encode(T value, MemorySegment dst);

    T decode(MemorySegment src);

    ValueLayout.OfInt INT_LAYOUT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    ValueLayout.OfLong LONG_LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    Codec<Integer> INT = new Codec<>() {
        public int size() { return 4; }
        public void encode(Integer v, MemorySegment dst) { dst.set(INT_LAYOUT, 0, v); }
        public Integer decode(MemorySegment src) { return src.get(INT_LAYOUT, 0); }
    };

    Codec<Long> LONG = new Codec<>() {
        public int size() { return 8; }
        public void encode(Long v, MemorySegment dst) { dst.set(LONG_LAYOUT, 0, v); }
        public Long decode(MemorySegment src) { return src.get(LONG_LAYOUT, 0); }
    };

    Codec<Short> SHORT = new Codec<>() {
        public int size() { return 2; }
        public void encode(Short v, MemorySegment dst) {
            dst.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder()), 0, v);
        }
        public Short decode(MemorySegment src) {
            return src.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder()), 0);
        }
    };

    Codec<Byte> BYTE = new Codec<>() {
        public int size() { return 1; }
        public void encode(Byte v, MemorySegment dst) { dst.set(ValueLayout.JAVA_BYTE, 0, v); }
        public Byte decode(MemorySegment src) { return src.get(ValueLayout.JAVA_BYTE, 0); }
    };

    /** Raw bytes of a fixed size. */
    static Codec<byte[]> bytes(int size) {
        return new Codec<>() {
            public int size() { return size; }
            public void encode(byte[] v, MemorySegment dst) {
                if (v.length != size) {
                    throw new IllegalArgumentException("expected " + size + " bytes, got " + v.length);
                }
                MemorySegment.copy(v, 0, dst, ValueLayout.JAVA_BYTE, 0, size);
            }
            public byte[] decode(MemorySegment src) { return src.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE); }
        };
    }

    /** A NUL-padded C string in a fixed-size char array. */
    static Codec<String> cString(int size) {
        return new Codec<>() {
            public int size() { return size; }
            public void encode(String v, MemorySegment dst) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                if (b.length >= size) {
                    throw new IllegalArgumentException("string longer than " + (size - 1) + " bytes: " + v);
                }
                dst.asSlice(0, size).fill((byte) 0);
                MemorySegment.copy(b, 0, dst, ValueLayout.JAVA_BYTE, 0, b.length);
            }
            public String decode(MemorySegment src) {
                int n = 0;
                while (n < size && src.get(ValueLayout.JAVA_BYTE, n) != 0) {
                    n++;
                }
                return new String(src.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            }
        };
    }
}
