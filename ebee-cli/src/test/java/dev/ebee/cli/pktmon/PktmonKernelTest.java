package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** pktmon on one end of a veth pair whose other end is in a network namespace the test creates and removes. */
@Tag("kernel")
class PktmonKernelTest {
    static final String SENDER = String.join("\n",
            "import socket, struct, sys",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "u.bind(('198.18.0.2', 5555))",
            "for i in range(5): u.sendto(b'x' * 20, ('198.18.0.1', 7777))",
            "low = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "low.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 5)",
            "low.sendto(b'ttl', ('198.18.0.1', 7778))",
            "t = socket.socket(); t.settimeout(1)",
            "try: t.connect(('198.18.0.1', 9))",
            "except OSError: pass",
            "ic = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
            "body = struct.pack('!BBHHH', 8, 0, 0, 1, 1) + b'ping'",
            "s = sum(struct.unpack('!%dH' % (len(body) // 2), body)); s = (s >> 16) + (s & 0xffff); s += s >> 16",
            "body = body[:2] + struct.pack('!H', ~s & 0xffff) + body[4:]",
            "ic.sendto(body, ('198.18.0.1', 0))",
            "v6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)",
            "v6.sendto(b'six', ('fe80::1%' + sys.argv[1], 7779))",
            "u.sendto(b'F' * 3000, ('198.18.0.1', 7780))",
            // VLAN-tagged frames, written raw: 802.1Q IPv4 UDP, and 802.1ad+802.1Q IPv6 UDP
            "def csum(b):",
            "    s = sum(struct.unpack('!%dH' % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16",
            "    return ~s & 0xffff",
            "dst = bytes.fromhex(sys.argv[2].replace(':', '')); src = bytes.fromhex('020000000002')",
            "pk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); pk.bind((sys.argv[1], 0))",
            "udp = struct.pack('!HHHH', 6000, 6001, 12, 0) + b'vlan'",
            "ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,"
                    + " socket.inet_aton('198.18.0.2'), socket.inet_aton('198.18.0.1'))",
            "ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]",
            "pk.send(dst + src + struct.pack('!HHH', 0x8100, 100, 0x0800) + ip + udp)",
            "udp6 = struct.pack('!HHHH', 6000, 6002, 12, 0) + b'qinq'",
            "ip6 = struct.pack('!IHBB16s16s', 0x60000000, len(udp6), 17, 64,"
                    + " socket.inet_pton(socket.AF_INET6, 'fe80::2'), socket.inet_pton(socket.AF_INET6, 'fe80::1'))",
            "pk.send(dst + src + struct.pack('!HHHHH', 0x88a8, 200, 0x8100, 100, 0x86dd) + ip6 + udp6)");

    static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    static void quiet(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // cleanup: best effort
        }
    }

    /** The packet lines (not the stats) in the JSON {@code lines}. */
    static List<Map<String, Object>> packets(List<String> lines) {
        List<Map<String, Object>> packets = new ArrayList<>();
        for (String line : lines) {
            Map<String, Object> o = Json.object(line);
            if (!"stats".equals(o.get("type"))) {
                packets.add(o);
            }
        }
        return packets;
    }

    static boolean flagged(Map<String, Object> p, String flag) {
        return ((List<?>) p.get("flags")).contains(flag);
    }

    /** What SENDER sends, each as a check of the packets shown. */
    static Map<String, Predicate<List<Map<String, Object>>>> expectedPackets() {
        Map<String, Predicate<List<Map<String, Object>>>> e = new LinkedHashMap<>();
        e.put("5 UDP 198.18.0.2:5555 -> 198.18.0.1:7777 of 62 bytes", ps -> ps.stream().filter(p -> "UDP".equals(p.get("proto"))
                && "198.18.0.2".equals(p.get("src")) && "198.18.0.1".equals(p.get("dst")) && Long.valueOf(5555).equals(p.get("sport"))
                && Long.valueOf(7777).equals(p.get("dport")) && Long.valueOf(62).equals(p.get("size"))).count() == 5);
        e.put("LOW_TTL to 7778", ps -> ps.stream().anyMatch(p -> Long.valueOf(7778).equals(p.get("dport")) && flagged(p, "LOW_TTL")));
        e.put("TCP SYN to 9", ps -> ps.stream().anyMatch(p -> "TCP".equals(p.get("proto")) && Long.valueOf(9).equals(p.get("dport"))
                && flagged(p, "SYN")));
        e.put("ICMP from 198.18.0.2", ps -> ps.stream().anyMatch(p -> "ICMP".equals(p.get("proto")) && "198.18.0.2".equals(p.get("src"))));
        // the kernel picks either of b's link-local addresses as the source
        e.put("UDP fe80:: -> fe80::1:7779", ps -> ps.stream().anyMatch(p -> "UDP".equals(p.get("proto"))
                && ((String) p.get("src")).startsWith("fe80::") && "fe80::1".equals(p.get("dst")) && Long.valueOf(7779).equals(p.get("dport"))));
        // fragments: the first has the ports, the others none; all flagged
        e.put("first fragment to 7780", ps -> ps.stream().anyMatch(p -> Long.valueOf(7780).equals(p.get("dport")) && flagged(p, "FRAG")));
        e.put("later UDP fragments", ps -> ps.stream().anyMatch(p -> "UDP".equals(p.get("proto")) && Long.valueOf(0).equals(p.get("dport"))
                && flagged(p, "FRAG")));
        // through one and two VLAN tags
        e.put("802.1Q UDP to 6001", ps -> ps.stream().anyMatch(p -> "UDP".equals(p.get("proto")) && "198.18.0.2".equals(p.get("src"))
                && Long.valueOf(6001).equals(p.get("dport")) && Long.valueOf(50).equals(p.get("size"))));
        e.put("802.1ad+802.1Q UDP to 6002", ps -> ps.stream().anyMatch(p -> "UDP".equals(p.get("proto")) && "fe80::2".equals(p.get("src"))
                && Long.valueOf(6002).equals(p.get("dport")) && Long.valueOf(74).equals(p.get("size"))));
        return e;
    }

    @Test
    void countsAndShowsPacketsOnAVethPair() throws Exception {
        Kernel.requireBpf();
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        String ns = "ebee-pktmon-" + id, a = "ebpa" + id, b = "ebpb" + id;
        try {
            sh("ip", "netns", "add", ns);
            sh("ip", "link", "add", a, "type", "veth", "peer", "name", b, "netns", ns);
            sh("ip", "addr", "add", "198.18.0.1/30", "dev", a);
            sh("ip", "-6", "addr", "add", "fe80::1/64", "dev", a, "nodad");
            sh("ip", "link", "set", a, "up");
            sh("ip", "-n", ns, "addr", "add", "198.18.0.2/30", "dev", b);
            sh("ip", "-n", ns, "-6", "addr", "add", "fe80::2/64", "dev", b, "nodad");
            sh("ip", "-n", ns, "link", "set", b, "up");
            sh("ip", "-n", ns, "link", "set", "lo", "up");

            CountDownLatch attached = new CountDownLatch(1);
            PktmonCommand cmd = new PktmonCommand(cfg -> {
                PktmonProbe.Session s = KernelPktmon.open(cfg);
                attached.countDown();
                return s;
            }, name -> dev.ebee.link.Interfaces.lookup(name).orElse(0));
            try (ToolThread tool = ToolThread.start(cmd, attached, "-i", a, "--mode", "skb", "-v", "--json", "-s", "1")) {
                tool.awaitAttached();
                String mac = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net", a, "address")).strip();
                sh("ip", "netns", "exec", ns, "python3", "-c", SENDER, b, mac);
                Map<String, Predicate<List<Map<String, Object>>>> expected = expectedPackets();
                // the kernel may hand the packets to the XDP program after the sender has exited
                tool.awaitOutput(lines -> expected.values().stream().allMatch(e -> e.test(packets(lines))));
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();

                List<Map<String, Object>> packets = packets(r.outLines());
                expected.forEach((what, e) -> assertThat(e.test(packets)).as(what + " in\n" + r.out()).isTrue());
                Map<String, Object> lastStats = null;
                for (String line : r.outLines()) {
                    Map<String, Object> o = Json.object(line);
                    if ("stats".equals(o.get("type"))) {
                        lastStats = o;
                    }
                }
                assertThat(lastStats).isNotNull();
                assertThat((Long) lastStats.get("udp")).isGreaterThanOrEqualTo(12);
                assertThat((Long) lastStats.get("icmp")).isGreaterThanOrEqualTo(1);
                long sum = (Long) lastStats.get("tcp") + (Long) lastStats.get("udp") + (Long) lastStats.get("icmp")
                        + (Long) lastStats.get("other");
                assertThat((Long) lastStats.get("packets")).isEqualTo(sum);
                // The stats are read after the last packet lines, and the kernel's own IPv6 and ARP
                // traffic on the link (ICMP and OTHER) may come in between; TCP and UDP are only the
                // sender's, so those counts must equal the packets shown.
                for (String proto : List.of("TCP", "UDP")) {
                    assertThat((Long) lastStats.get(proto.toLowerCase(java.util.Locale.ROOT))).as(proto)
                            .isEqualTo(packets.stream().filter(p -> proto.equals(p.get("proto"))).count());
                }
            }
        } finally {
            quiet("ip", "netns", "del", ns);
            quiet("ip", "link", "del", a);
        }
    }

    @Test
    void unknownInterfaceFailsAtOnce() {
        Run r = Run.of(new PktmonCommand(), "-i", "ebee-none0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).isEqualTo("ebee: no such interface: ebee-none0" + System.lineSeparator());
    }
}
