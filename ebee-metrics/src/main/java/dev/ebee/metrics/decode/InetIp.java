package dev.ebee.metrics.decode;

/**
 * {@code inet_ip}: 4 bytes as an IPv4 address, 16 as IPv6 in its short form (RFC 5952:
 * lowercase, the longest run of two or more zero groups as {@code ::}), network byte order.
 */
final class InetIp {
    static final Decoder DECODER = (raw, text) -> {
        if (raw == null) {
            throw new DecodeException("inet_ip reads the key's bytes, so it must be a label's first decoder");
        }
        if (raw.length == 4) {
            return (raw[0] & 0xff) + "." + (raw[1] & 0xff) + "." + (raw[2] & 0xff) + "." + (raw[3] & 0xff);
        }
        if (raw.length == 16) {
            return ipv6(raw);
        }
        throw new DecodeException("an address is 4 or 16 bytes, not " + raw.length);
    };

    private InetIp() {
    }

    private static String ipv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
