package dev.ebee.metrics.decode;

/**
 * Turns one field of a BPF map key into a label value. Decoders chain: the first of a label sees
 * the field's raw bytes ({@code text} null), each later one the text the one before produced
 * ({@code raw} null). Decoders that take a number ({@link #number}) read either: the raw bytes
 * as a little-endian unsigned integer, or the text as a decimal one (after {@code uint}).
 */
@FunctionalInterface
public interface Decoder {

    /**
     * The label value, or null to drop the whole key (a regexp that did not match, a value a
     * static_map does not know).
     *
     * @throws DecodeException when the input is not what the decoder reads
     */
    String decode(byte[] raw, String text);

    /** The input as an unsigned number: raw bytes of 1, 2, 4 or 8 (little-endian), or decimal text. */
    static long number(byte[] raw, String text) {
        if (raw == null) {
            try {
                return Long.parseUnsignedLong(text);
            } catch (NumberFormatException e) {
                throw new DecodeException("not a number: \"" + text + "\"");
            }
        }
        return switch (raw.length) {
            case 1 -> raw[0] & 0xffL;
            case 2 -> (raw[0] & 0xffL) | (raw[1] & 0xffL) << 8;
            case 4 -> (raw[0] & 0xffL) | (raw[1] & 0xffL) << 8 | (raw[2] & 0xffL) << 16 | (raw[3] & 0xffL) << 24;
            case 8 -> {
                long v = 0;
                for (int i = 7; i >= 0; i--) {
                    v = v << 8 | (raw[i] & 0xffL);
                }
                yield v;
            }
            default -> throw new DecodeException("a number is 1, 2, 4 or 8 bytes, not " + raw.length);
        };
    }

    /** The input as text: the previous decoder's, or the raw bytes up to the first NUL (UTF-8). */
    static String text(byte[] raw, String text) {
        if (raw == null) {
            return text;
        }
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
