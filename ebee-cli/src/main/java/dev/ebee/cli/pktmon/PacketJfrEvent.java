package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.KernelJfrEvent;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** pktmon's per-packet event ({@code -v}) in a JFR recording ({@code --jfr}). */
@Name(PacketJfrEvent.NAME)
@Label("Packet")
@Category({"ebee", "Network"})
@Description("A packet seen by ebee pktmon's XDP program (with -v)")
public final class PacketJfrEvent extends KernelJfrEvent {
    public static final String NAME = "dev.ebee.Packet";

    @Label("Protocol")
    @Description("TCP, UDP, ICMP, ICMPv6, IP:<number>, or ETH:<ethertype> for a frame that is not IP")
    public String protocol;

    @Label("Source")
    @Description("The source address, null for a frame that is not IP")
    public String source;

    @Label("Destination")
    @Description("The destination address, null for a frame that is not IP")
    public String destination;

    @Label("Source Port")
    @Description("0 without a TCP or UDP header")
    public int sourcePort;

    @Label("Destination Port")
    @Description("0 without a TCP or UDP header")
    public int destinationPort;

    @Label("Size")
    @DataAmount
    @Description("Bytes from the Ethernet header on")
    public long size;

    @Label("TTL")
    @Description("The IPv4 TTL or IPv6 hop limit")
    public int ttl;

    @Label("Flags")
    @Description("FRAG, LOW_TTL, SYN, FIN, RST, ACK, separated by spaces")
    public String flags;

    static PacketJfrEvent of(PacketEvent p) {
        PacketJfrEvent j = new PacketJfrEvent();
        j.protocol = p.protoName();
        j.source = p.family() == 0 ? null : p.srcText();
        j.destination = p.family() == 0 ? null : p.dstText();
        j.sourcePort = p.sport();
        j.destinationPort = p.dport();
        j.size = Integer.toUnsignedLong(p.size());
        j.ttl = p.ttl();
        j.flags = String.join(" ", p.flagNames());
        return j;
    }

    /** Commits the event of {@code p}, which the kernel saw at {@code ktimeNanos} (its record's ktime_ns). */
    static void commit(PacketEvent p, long ktimeNanos) {
        PacketJfrEvent j = of(p);
        j.kernelTime(ktimeNanos);
        j.commit();
    }
}
