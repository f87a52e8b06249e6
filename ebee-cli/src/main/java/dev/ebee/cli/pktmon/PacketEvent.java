package dev.ebee.cli.pktmon;

import dev.ebee.cli.bpf.PktmonBpf.PktEvent;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * One packet as the formatter shows it, read from {@code struct pkt_event} (src/main/bpf/pktmon.h)
 * with the generated {@link PktEvent}'s readers: addresses cut to the family's length, the class as an enum.
 *
 * @param family 4, 6, or 0 for a frame that is not IP
 * @param src    4 or 16 address bytes (empty when not IP)
 */
public record PacketEvent(int size, int sport, int dport, int family, int proto, PacketClass klass,
                          int flags, int ttl, int ethertype, byte[] src, byte[] dst) {

    public static final int SIZE = (int) PktEvent.SIZE;
    public static final int FRAG = 0x01, LOW_TTL = 0x02, SYN = 0x04, FIN = 0x08, RST = 0x10, ACK = 0x20;
    private static final String[] FLAG_NAMES = {"FRAG", "LOW_TTL", "SYN", "FIN", "RST", "ACK"};

    /** Reads one with the generated {@link PktEvent} readers; null when the record is shorter than the struct. */
    public static PacketEvent decode(MemorySegment rec) {
        if (rec.byteSize() < SIZE) {
            return null;
        }
        int family = PktEvent.familyAt(rec, 0);
        int len = family == 4 ? 4 : family == 6 ? 16 : 0;
        byte[] src = new byte[len];
        byte[] dst = new byte[len];
        MemorySegment.copy(rec, JAVA_BYTE, PktEvent.SRC_OFFSET, src, 0, len);
        MemorySegment.copy(rec, JAVA_BYTE, PktEvent.DST_OFFSET, dst, 0, len);
        int k = PktEvent.klassAt(rec, 0);
        return new PacketEvent(
                (int) PktEvent.sizeAt(rec, 0),
                PktEvent.sportAt(rec, 0),
                PktEvent.dportAt(rec, 0),
                family,
                PktEvent.protoAt(rec, 0),
                k >= 1 && k <= 4 ? PacketClass.values()[k - 1] : PacketClass.OTHER,
                PktEvent.flagsAt(rec, 0),
                PktEvent.ttlAt(rec, 0),
                PktEvent.ethertypeAt(rec, 0),
                src, dst);
    }

    /** Encodes this event as the BPF program would (for tests and fakes). */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        new PktEvent(size, sport, dport, family, proto, klass.ordinal() + 1, flags, ttl, 0, ethertype,
                Arrays.copyOf(src, 16), Arrays.copyOf(dst, 16), 0L).encode(MemorySegment.ofArray(out));
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
