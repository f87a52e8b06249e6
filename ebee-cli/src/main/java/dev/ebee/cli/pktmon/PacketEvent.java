package dev.ebee.cli.pktmon;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * One packet, decoded from {@code struct pkt_event} (src/main/bpf/pktmon.h).
 *
 * @param family 4, 6, or 0 for a frame that is not IP
 * @param src    4 or 16 address bytes (empty when not IP)
 */
public record PacketEvent(int size, int sport, int dport, int family, int proto, PacketClass klass,
                          int flags, int ttl, int ethertype, byte[] src, byte[] dst) {

    public static final int SIZE = 48;
    public static final int FRAG = 0x01, LOW_TTL = 0x02, SYN = 0x04, FIN = 0x08, RST = 0x10, ACK = 0x20;
    private static final String[] FLAG_NAMES = {"FRAG", "LOW_TTL", "SYN", "FIN", "RST", "ACK"};

    public static PacketEvent decode(MemorySegment rec) {
        if (rec.byteSize() < SIZE) {
            return null;
        }
        int family = Byte.toUnsignedInt(rec.get(JAVA_BYTE, 8));
        int len = family == 4 ? 4 : family == 6 ? 16 : 0;
        byte[] src = new byte[len];
        byte[] dst = new byte[len];
        MemorySegment.copy(rec, JAVA_BYTE, 16, src, 0, len);
        MemorySegment.copy(rec, JAVA_BYTE, 32, dst, 0, len);
        int k = Byte.toUnsignedInt(rec.get(JAVA_BYTE, 10));
        return new PacketEvent(
                rec.get(JAVA_INT_UNALIGNED, 0),
                Short.toUnsignedInt(rec.get(JAVA_SHORT_UNALIGNED, 4)),
                Short.toUnsignedInt(rec.get(JAVA_SHORT_UNALIGNED, 6)),
                family,
                Byte.toUnsignedInt(rec.get(JAVA_BYTE, 9)),
                k >= 1 && k <= 4 ? PacketClass.values()[k - 1] : PacketClass.OTHER,
                Byte.toUnsignedInt(rec.get(JAVA_BYTE, 11)),
                Byte.toUnsignedInt(rec.get(JAVA_BYTE, 12)),
                Short.toUnsignedInt(rec.get(JAVA_SHORT_UNALIGNED, 14)),
                src, dst);
    }

    /** Encodes this event as the BPF program would (for tests and fakes). */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        MemorySegment seg = MemorySegment.ofArray(out);
        seg.set(JAVA_INT_UNALIGNED, 0, size);
        seg.set(JAVA_SHORT_UNALIGNED, 4, (short) sport);
        seg.set(JAVA_SHORT_UNALIGNED, 6, (short) dport);
        seg.set(JAVA_BYTE, 8, (byte) family);
        seg.set(JAVA_BYTE, 9, (byte) proto);
        seg.set(JAVA_BYTE, 10, (byte) (klass.ordinal() + 1));
        seg.set(JAVA_BYTE, 11, (byte) flags);
        seg.set(JAVA_BYTE, 12, (byte) ttl);
        seg.set(JAVA_SHORT_UNALIGNED, 14, (short) ethertype);
        MemorySegment.copy(src, 0, seg, JAVA_BYTE, 16, Math.min(16, src.length));
        MemorySegment.copy(dst, 0, seg, JAVA_BYTE, 32, Math.min(16, dst.length));
        return out;
    }

    /** TCP, UDP, ICMP, ICMPv6, or the protocol number / ethertype for others. */
    public String protoName() {
        if (family == 0) {
            return String.format("ETH:0x%04x", ethertype);
        }
        return switch (proto) {
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 1 -> "ICMP";
            case 58 -> "ICMPv6";
            default -> "IP:" + proto;
        };
    }

    /** Whether the protocol has ports. */
    public boolean hasPorts() {
        return (proto == 6 || proto == 17) && family != 0;
    }

    public List<String> flagNames() {
        List<String> names = new ArrayList<>(2);
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(FLAG_NAMES[i]);
            }
        }
        return names;
    }

    public String srcText() {
        return Addresses.format(src);
    }

    public String dstText() {
        return Addresses.format(dst);
    }
}
