package dev.ebee.cli.pktmon;

import dev.ebee.cli.bpf.PktmonBpf;

import java.util.List;

/** Packet and byte counts, in total and per class, summed over the CPUs. */
public record PacketStats(Count total, Count tcp, Count udp, Count icmp, Count other) {

    public record Count(long packets, long bytes) {
        public static final Count ZERO = new Count(0, 0);

        public Count minus(Count o) {
            return new Count(packets - o.packets, bytes - o.bytes);
        }
    }

    public static final PacketStats ZERO = new PacketStats(Count.ZERO, Count.ZERO, Count.ZERO, Count.ZERO, Count.ZERO);

    /** Index in the BPF stats array (enum pkt_class). */
    public static final int TOTAL = 0, TCP = 1, UDP = 2, ICMP = 3, OTHER = 4, CLASSES = 5;

    /** The sum over the CPUs of one per-CPU {@code stats} element (no element: zero). */
    public static Count sum(List<PktmonBpf.PktStats> perCpu) {
        long packets = 0, bytes = 0;
        for (PktmonBpf.PktStats s : perCpu) {
            packets += s.packets();
            bytes += s.bytes();
        }
        return new Count(packets, bytes);
    }

    public static PacketStats of(Count[] byIndex) {
        return new PacketStats(byIndex[TOTAL], byIndex[TCP], byIndex[UDP], byIndex[ICMP], byIndex[OTHER]);
    }

    public PacketStats minus(PacketStats o) {
        return new PacketStats(total.minus(o.total), tcp.minus(o.tcp), udp.minus(o.udp),
                icmp.minus(o.icmp), other.minus(o.other));
    }
}
