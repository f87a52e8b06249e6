package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.Times;
import dev.ebee.cli.common.ToolOutput;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;

/** pktmon's lines: a stats line every interval, and with -v one line per packet. */
public final class PktmonOutput extends ToolOutput {
    private final ZoneId zone;

    public PktmonOutput(PrintWriter out, boolean json, ZoneId zone) {
        super(out, json, (String) null);
        this.zone = zone;
    }

    /** Packets per second over an interval. */
    public static double pps(long packets, double seconds) {
        return seconds > 0 ? packets / seconds : 0;
    }

    private static String share(long part, long total) {
        return String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0.0 : 100.0 * part / total);
    }

    private static String part(String name, PacketStats.Count c, long total) {
        return name + " " + c.packets() + " " + share(c.packets(), total) + " " + c.bytes() + "B";
    }

    /** The totals since start, each class's count and share, and the packet rate. */
    public void stats(long epochMicros, PacketStats s, double pps) {
        long total = s.total().packets();
        line(epochMicros, () -> String.format(Locale.ROOT, "%s packets %d bytes %d pps %.1f | %s | %s | %s | %s",
                Times.hms(epochMicros, zone), total, s.total().bytes(), pps,
                part("TCP", s.tcp(), total), part("UDP", s.udp(), total),
                part("ICMP", s.icmp(), total), part("OTHER", s.other(), total)), g -> {
            g.writeStringField("type", "stats");
            g.writeNumberField("packets", total);
            g.writeNumberField("bytes", s.total().bytes());
            g.writeNumberField("tcp", s.tcp().packets());
            g.writeNumberField("udp", s.udp().packets());
            g.writeNumberField("icmp", s.icmp().packets());
            g.writeNumberField("other", s.other().packets());
            g.writeNumberField("pps", Math.round(pps * 10) / 10.0);
            g.writeNumberField("tcp_bytes", s.tcp().bytes());
            g.writeNumberField("udp_bytes", s.udp().bytes());
            g.writeNumberField("icmp_bytes", s.icmp().bytes());
            g.writeNumberField("other_bytes", s.other().bytes());
        });
    }

    /** {@code HH:MM:SS.mmm PROTO SRC:SPORT -> DST:DPORT (N bytes) [FLAGS]}. */
    public void packet(long epochMicros, PacketEvent p) {
        line(epochMicros, () -> packetLine(Times.hmsMillis(epochMicros, zone), p), g -> {
            g.writeStringField("type", "packet");
            g.writeStringField("proto", p.protoName());
            if (p.family() == 0) {
                g.writeNullField("src");
                g.writeNullField("dst");
            } else {
                g.writeStringField("src", p.srcText());
                g.writeStringField("dst", p.dstText());
            }
            g.writeNumberField("sport", p.sport());
            g.writeNumberField("dport", p.dport());
            g.writeNumberField("size", Integer.toUnsignedLong(p.size()));
            g.writeArrayFieldStart("flags");
            for (String f : p.flagNames()) {
                g.writeString(f);
            }
            g.writeEndArray();
        });
    }

    static String packetLine(String time, PacketEvent p) {
        StringBuilder b = new StringBuilder(96).append(time).append(' ').append(p.protoName()).append(' ');
        if (p.family() != 0) {
            if (p.hasPorts()) {
                b.append(Addresses.withPort(p.src(), p.sport())).append(" -> ")
                        .append(Addresses.withPort(p.dst(), p.dport()));
            } else {
                b.append(p.srcText()).append(" -> ").append(p.dstText());
            }
            b.append(' ');
        }
        b.append('(').append(Integer.toUnsignedLong(p.size())).append(" bytes)");
        var flags = p.flagNames();
        if (!flags.isEmpty()) {
            b.append(" [").append(String.join(",", flags)).append(']');
        }
        return b.toString();
    }

}
