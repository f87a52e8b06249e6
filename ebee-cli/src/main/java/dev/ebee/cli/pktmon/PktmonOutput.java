package dev.ebee.cli.pktmon;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ebee.cli.common.JsonLines;
import dev.ebee.cli.common.Times;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Locale;

/** pktmon's lines: a stats line every interval, and with -v one line per packet. */
public final class PktmonOutput {
    private final PrintWriter out;
    private final JsonLines json;
    private final ZoneId zone;

    public PktmonOutput(PrintWriter out, boolean json, ZoneId zone) {
        this.out = out;
        this.json = json ? new JsonLines(out) : null;
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
        if (json != null) {
            try {
                JsonGenerator g = json.begin(epochMicros);
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
                json.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        out.println(String.format(Locale.ROOT, "%s packets %d bytes %d pps %.1f | %s | %s | %s | %s",
                Times.hms(epochMicros, zone), total, s.total().bytes(), pps,
                part("TCP", s.tcp(), total), part("UDP", s.udp(), total),
                part("ICMP", s.icmp(), total), part("OTHER", s.other(), total)));
    }

    /** {@code HH:MM:SS.mmm PROTO SRC:SPORT -> DST:DPORT (N bytes) [FLAGS]}. */
    public void packet(long epochMicros, PacketEvent p) {
        if (json != null) {
            try {
                JsonGenerator g = json.begin(epochMicros);
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
                json.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        out.println(packetLine(Times.hmsMillis(epochMicros, zone), p));
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

    public void flush() {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }
}
