package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.FakeStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.RecordHandler;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.pktmon.PacketStats.Count;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PktmonTest {
    static final long T = 1_700_000_000_123_456L;

    static byte[] ip(String s) throws Exception {
        return InetAddress.getByName(s).getAddress();
    }

    @Test
    void ipv6IsCompressedAsRfc5952Says() throws Exception {
        assertThat(Addresses.format(ip("::1"))).isEqualTo("::1");
        assertThat(Addresses.format(ip("::"))).isEqualTo("::");
        assertThat(Addresses.format(ip("fe80::1:0:0:5"))).isEqualTo("fe80::1:0:0:5");
        assertThat(Addresses.format(ip("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.format(ip("2001:db8:1:2:3:4:0:6"))).isEqualTo("2001:db8:1:2:3:4:0:6");
        assertThat(Addresses.format(ip("2001:DB8::ABCD"))).isEqualTo("2001:db8::abcd");
        assertThat(Addresses.format(ip("198.18.0.1"))).isEqualTo("198.18.0.1");
        assertThat(Addresses.withPort(ip("::1"), 80)).isEqualTo("[::1]:80");
    }

    @Test
    void packetLines() throws Exception {
        PacketEvent syn = new PacketEvent(74, 43210, 8080, 4, 6, PacketClass.TCP,
                PacketEvent.SYN | PacketEvent.LOW_TTL, 5, 0x0800, ip("198.18.0.1"), ip("198.18.0.2"));
        assertThat(PktmonOutput.packetLine("22:13:20.123", syn))
                .isEqualTo("22:13:20.123 TCP 198.18.0.1:43210 -> 198.18.0.2:8080 (74 bytes) [LOW_TTL,SYN]");
        PacketEvent ping6 = new PacketEvent(118, 0, 0, 6, 58, PacketClass.ICMP, 0, 64, 0x86DD, ip("::1"), ip("::1"));
        assertThat(PktmonOutput.packetLine("t", ping6)).isEqualTo("t ICMPv6 ::1 -> ::1 (118 bytes)");
        PacketEvent frag = new PacketEvent(1500, 0, 0, 4, 17, PacketClass.UDP, PacketEvent.FRAG, 64, 0x0800,
                ip("10.0.0.1"), ip("10.0.0.2"));
        assertThat(PktmonOutput.packetLine("t", frag)).isEqualTo("t UDP 10.0.0.1:0 -> 10.0.0.2:0 (1500 bytes) [FRAG]");
        PacketEvent arp = new PacketEvent(42, 0, 0, 0, 0, PacketClass.OTHER, 0, 0, 0x0806, new byte[0], new byte[0]);
        assertThat(PktmonOutput.packetLine("t", arp)).isEqualTo("t ETH:0x0806 (42 bytes)");
    }

    @Test
    void packetDecodeRoundTripsAndJson() throws Exception {
        PacketEvent p = new PacketEvent(60, 1234, 53, 6, 17, PacketClass.UDP, PacketEvent.ACK | PacketEvent.FIN, 64,
                0x86DD, ip("2001:db8::1"), ip("2001:db8::2"));
        PacketEvent d = PacketEvent.decode(MemorySegment.ofArray(p.encode()));
        assertThat(d.srcText()).isEqualTo("2001:db8::1");
        assertThat(d.flagNames()).containsExactly("FIN", "ACK");
        assertThat(d.sport()).isEqualTo(1234);
        assertThat(PacketEvent.decode(MemorySegment.ofArray(new byte[47]))).isNull();

        StringWriter w = new StringWriter();
        PktmonOutput out = new PktmonOutput(new PrintWriter(w), true, ZoneOffset.UTC);
        out.packet(T, d);
        out.flush();
        Map<String, Object> o = Json.object(w.toString().strip());
        assertThat(o.keySet()).contains("time", "proto", "src", "dst", "sport", "dport", "size", "flags");
        assertThat(o).containsEntry("proto", "UDP").containsEntry("src", "2001:db8::1").containsEntry("dst", "2001:db8::2")
                .containsEntry("sport", 1234L).containsEntry("dport", 53L).containsEntry("size", 60L)
                .containsEntry("flags", List.of("FIN", "ACK")).containsEntry("time", "2023-11-14T22:13:20.123456Z");
    }

    @Test
    void statsLineAndJson() {
        PacketStats s = new PacketStats(new Count(200, 30000), new Count(150, 20000), new Count(30, 5000),
                new Count(10, 1000), new Count(10, 4000));
        StringWriter w = new StringWriter();
        PktmonOutput t = new PktmonOutput(new PrintWriter(w), false, ZoneOffset.UTC);
        t.stats(T, s, 20.0);
        t.flush();
        assertThat(w.toString().strip()).isEqualTo(
                "22:13:20 packets 200 bytes 30000 pps 20.0 | TCP 150 75.0% 20000B | UDP 30 15.0% 5000B | ICMP 10 5.0% 1000B"
                        + " | OTHER 10 5.0% 4000B");
        StringWriter j = new StringWriter();
        PktmonOutput js = new PktmonOutput(new PrintWriter(j), true, ZoneOffset.UTC);
        js.stats(T, s, 12.345);
        js.flush();
        Map<String, Object> o = Json.object(j.toString().strip());
        assertThat(o.keySet()).containsExactly("time", "type", "packets", "bytes", "tcp", "udp", "icmp", "other", "pps",
                "tcp_bytes", "udp_bytes", "icmp_bytes", "other_bytes");
        assertThat(o).containsEntry("type", "stats").containsEntry("packets", 200L).containsEntry("tcp", 150L)
                .containsEntry("pps", 12.3).containsEntry("udp_bytes", 5000L);
        assertThat(PktmonOutput.pps(100, 0)).isZero();
    }

    @Test
    void sumsPerCpuValues() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(3 * 16, 8);
            for (int cpu = 0; cpu < 3; cpu++) {
                v.set(ValueLayout.JAVA_LONG, cpu * 16L, cpu + 1);
                v.set(ValueLayout.JAVA_LONG, cpu * 16L + 8, 100L * (cpu + 1));
            }
            assertThat(PacketStats.sumPerCpu(v, 3)).isEqualTo(new Count(6, 600));
            assertThat(PacketStats.sumPerCpu(v, 2)).isEqualTo(new Count(3, 300));
            assertThat(PacketStats.sumPerCpu(v, 99)).isEqualTo(new Count(6, 600));
        }
    }

    @Test
    void commandValidatesAndRuns() throws Exception {
        PktmonProbe never = c -> {
            throw new AssertionError("must not attach");
        };
        Run unknown = Run.of(new PktmonCommand(never, name -> 0), "-i", "nosuch0");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).isEqualTo("ebee: no such interface: nosuch0" + System.lineSeparator());
        for (String[] args : new String[][] {{"--mode", "turbo"}, {"-s", "0"}, {"-s", "x"}, {"-i"}}) {
            Run r = Run.of(new PktmonCommand(never, name -> 1), args);
            assertThat(r.exit()).as(String.join(" ", args)).isNotZero();
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
        }

        PacketEvent p = new PacketEvent(74, 1, 2, 4, 6, PacketClass.TCP, PacketEvent.SYN, 64, 0x0800,
                ip("127.0.0.1"), ip("127.0.0.1"));
        FakeStream events = new FakeStream(List.of(p.encode()), 0);
        AtomicReference<PktmonProbe.Config> cfg = new AtomicReference<>();
        PktmonProbe probe = c -> {
            cfg.set(c);
            return new PktmonProbe.Session() {
                @Override
                public PacketStats stats() {
                    return new PacketStats(new Count(1, 74), new Count(1, 74), Count.ZERO, Count.ZERO, Count.ZERO);
                }

                @Override
                public int poll(int timeoutMillis, RecordHandler handler) {
                    return events.poll(timeoutMillis, handler);
                }

                @Override
                public long lost() {
                    return 0;
                }

                @Override
                public void close() {
                }
            };
        };
        Run r = Run.of(new PktmonCommand(probe, name -> name.equals("lo") ? 1 : 0), "-v", "--mode", "skb",
                "-s", "0.1", "-d", "0.35");
        assertThat(r.exit()).isZero();
        assertThat(cfg.get()).isEqualTo(new PktmonProbe.Config("lo", 1, XdpMode.SKB, true));
        assertThat(r.outLines().get(0)).endsWith(" TCP 127.0.0.1:1 -> 127.0.0.1:2 (74 bytes) [SYN]");
        assertThat(r.outLines().stream().filter(l -> l.contains(" packets 1 bytes 74 ")).count()).isBetween(2L, 5L);
        assertThat(r.errLines().get(r.errLines().size() - 1)).startsWith("pktmon: 1 packets, 74 bytes in");
    }
}
