package dev.ebee.bpf2java;

import java.util.regex.Pattern;

/**
 * Writes the private members the generated reads and writes call: the little-endian layout
 * constants and the helper methods (size check, strings, byte arrays, bitfields). Each is written
 * only when the class uses it, so that a binding compiles with {@code -Xlint:all -Werror}.
 */
final class HelperWriter {
    /** Where the layout constants go, once the body shows which it uses. */
    static final String LAYOUTS_MARKER = "// ebee: layouts";

    /** The little-endian layouts the generated code reads and writes with: name, type, value. */
    private static final String[][] LAYOUTS = {
        {"I8", "ValueLayout.OfByte", "ValueLayout.JAVA_BYTE"},
        {"I16", "ValueLayout.OfShort", "ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"I32", "ValueLayout.OfInt", "ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"I64", "ValueLayout.OfLong", "ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"F32", "ValueLayout.OfFloat", "ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
        {"F64", "ValueLayout.OfDouble", "ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)"},
    };

    private HelperWriter() {
    }

    /** Whether {@code code} names {@code simpleName} (not as part of a longer or qualified name). */
    static boolean mentions(String code, String simpleName) {
        return Pattern.compile("(?<![\\w.])" + simpleName + "(?!\\w)").matcher(code).find();
    }

    /** {@code body} with the marker replaced by the layout constants it uses. */
    static String withLayouts(String body) {
        StringBuilder layouts = new StringBuilder();
        for (String[] l : LAYOUTS) {
            if (mentions(body, l[0])) {
                layouts.append("    private static final ").append(l[1]).append(' ').append(l[0]).append(" = ").append(l[2]).append(";\n");
            }
        }
        return body.replace("    " + LAYOUTS_MARKER + "\n", layouts.toString());
    }

    /** The helper methods the code written so far calls, each only when it does. */
    static void helpers(SourceWriter w) {
        String used = w.toString();
        if (used.contains("checkSize(")) {
            w.blank();
            w.line("private static void checkSize(MemorySegment segment, long offset, long size, String what) {");
            w.line("if (offset < 0 || segment.byteSize() - offset < size) {");
            w.line("throw new IllegalArgumentException(what + \" needs \" + size + \" bytes at offset \" + offset");
            w.raw("        + \", the segment has \" + segment.byteSize());");
            w.line("}");
            w.line("}");
        }
        if (used.contains("readString(")) {
            w.blank();
            w.line("private static String readString(MemorySegment segment, long offset, int length) {");
            w.line("int n = 0;");
            w.line("while (n < length && segment.get(I8, offset + n) != 0) {");
            w.line("n++;");
            w.line("}");
            w.line("return new String(segment.asSlice(offset, n).toArray(I8), StandardCharsets.UTF_8);");
            w.line("}");
        }
        if (used.contains("writeString(")) {
            w.blank();
            w.line("private static void writeString(MemorySegment segment, long offset, int length, String value) {");
            w.line("byte[] b = value.getBytes(StandardCharsets.UTF_8);");
            w.line("int n = Math.min(b.length, length);");
            w.line("MemorySegment.copy(b, 0, segment, I8, offset, n);");
            w.line("segment.asSlice(offset + n, length - n).fill((byte) 0);");
            w.line("}");
        }
        if (used.contains("readBytes(")) {
            w.blank();
            w.line("private static byte[] readBytes(MemorySegment segment, long offset, int length) {");
            w.line("return segment.asSlice(offset, length).toArray(I8);");
            w.line("}");
        }
        if (used.contains("writeBytes(")) {
            w.blank();
            w.line("private static void writeBytes(MemorySegment segment, long offset, int length, byte[] value) {");
            w.line("MemorySegment.copy(value, 0, segment, I8, offset, length);");
            w.line("}");
        }
        if (used.contains("readBits(")) {
            w.blank();
            w.doc("Bits {@code shift .. shift + width - 1} of the little-endian bytes at {@code offset}.");
            w.line("private static long readBits(MemorySegment segment, long offset, int shift, int width, boolean signed) {");
            littleEndianWord(w);
            w.line("long v = word << (64 - shift - width);");
            w.line("return signed ? v >> (64 - width) : v >>> (64 - width);");
            w.line("}");
        }
        if (used.contains("writeBits(")) {
            w.blank();
            w.doc("Replaces bits {@code shift .. shift + width - 1} of the little-endian bytes at {@code offset}.");
            w.line("private static void writeBits(MemorySegment segment, long offset, int shift, int width, long value) {");
            littleEndianWord(w);
            w.line("long mask = (width == 64 ? -1L : (1L << width) - 1) << shift;");
            w.line("word = (word & ~mask) | ((value << shift) & mask);");
            w.line("for (int i = 0; i < n; i++) {");
            w.line("segment.set(I8, offset + i, (byte) (word >>> (8 * i)));");
            w.line("}");
            w.line("}");
        }
    }

    /** The opening both bitfield helpers share: the bytes that hold the bits, as one word. */
    private static void littleEndianWord(SourceWriter w) {
        w.line("int n = (shift + width + 7) / 8;");
        w.line("long word = 0;");
        w.line("for (int i = 0; i < n; i++) {");
        w.line("word |= (segment.get(I8, offset + i) & 0xffL) << (8 * i);");
        w.line("}");
    }
}
