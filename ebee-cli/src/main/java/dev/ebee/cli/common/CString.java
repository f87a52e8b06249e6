package dev.ebee.cli.common;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the fixed-size, NUL-terminated char arrays of event records. Never reads out of bounds. */
public final class CString {
    private CString() {
    }

    /**
     * The string at {@code offset}, up to the first NUL or {@code max} bytes or the end of the
     * segment, whichever comes first; bytes that are not UTF-8 become U+FFFD.
     */
    public static String read(MemorySegment seg, long offset, int max) {
        long size = seg.byteSize();
        if (offset < 0 || offset >= size || max <= 0) {
            return "";
        }
        int limit = (int) Math.min(max, size - offset);
        int len = 0;
        while (len < limit && seg.get(ValueLayout.JAVA_BYTE, offset + len) != 0) {
            len++;
        }
        byte[] bytes = new byte[len];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, bytes, 0, len);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The strings packed one after another, each NUL-terminated, in [offset, end): at most
     * {@code count} of them; the last may lack its NUL when the kernel cut the packing short.
     */
    public static List<String> split(MemorySegment seg, long offset, long end, long count) {
        List<String> out = new ArrayList<>((int) Math.max(0, Math.min(count, 64)));
        long off = offset;
        for (long i = 0; i < count && off < end; i++) {
            long nul = indexOfNul(seg, off, end);
            long stop = nul < 0 ? end : nul;
            out.add(read(seg, off, (int) (stop - off)));
            off = stop + 1;
        }
        return out;
    }

    /** The index of the first NUL in [offset, end), or -1. */
    public static long indexOfNul(MemorySegment seg, long offset, long end) {
        long e = Math.min(end, seg.byteSize());
        for (long i = Math.max(0, offset); i < e; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, i) == 0) {
                return i;
            }
        }
        return -1;
    }
}
