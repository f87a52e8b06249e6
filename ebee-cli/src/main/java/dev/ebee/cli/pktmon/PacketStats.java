package dev.ebee.cli.pktmon;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

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

    /** The size of one CPU's {@code struct pkt_stats}. */
    public static final int VALUE_SIZE = 16;

    /**
     * Sums one per-CPU array element as {@code BPF_MAP_LOOKUP_ELEM} returns it: {@code cpus}
     * values of {@code struct pkt_stats {u64 packets; u64 bytes;}}, each 16 bytes.
     */
    public static Count sumPerCpu(MemorySegment values, int cpus) {
        long packets = 0, bytes = 0;
        int n = (int) Math.min(cpus, values.byteSize() / VALUE_SIZE);
        for (int i = 0; i < n; i++) {
            packets += values.get(JAVA_LONG_UNALIGNED, (long) i * VALUE_SIZE);
            bytes += values.get(JAVA_LONG_UNALIGNED, (long) i * VALUE_SIZE + 8);
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
