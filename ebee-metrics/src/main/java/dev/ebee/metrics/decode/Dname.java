package dev.ebee.metrics.decode;

import java.nio.charset.StandardCharsets;

/**
 * {@code dname}: a DNS name in wire format (length-prefixed labels, ending with a zero length,
 * as in a query) to dotted text: {@code \3www\7example\3com\0} to {@code www.example.com}.
 */
final class Dname {
    static final Decoder DECODER = (raw, text) -> {
        byte[] in = raw != null ? raw : text.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < in.length && in[i] != 0) {
            int len = in[i] & 0xff;
            if (len > 63 || i + 1 + len > in.length) {
                throw new DecodeException("not a DNS name: label length " + len + " at byte " + i);
            }
            if (!s.isEmpty()) {
                s.append('.');
            }
            s.append(new String(in, i + 1, len, StandardCharsets.US_ASCII));
            i += 1 + len;
        }
        return s.isEmpty() ? "." : s.toString();
    };

    private Dname() {
    }
}
