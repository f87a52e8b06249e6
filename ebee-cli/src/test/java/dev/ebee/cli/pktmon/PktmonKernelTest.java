package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
            "v6.sendto(b'six', ('fe80::1%' + sys.argv[1], 7779))");

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
            }, dev.ebee.sys.Native::ifNameToIndex);
            ToolThread tool = ToolThread.start(cmd, attached, "-i", a, "--mode", "skb", "-v", "--json", "-s", "1", "-d", "3");
            tool.awaitAttached();
            sh("ip", "netns", "exec", ns, "python3", "-c", SENDER, b);
            Run r = tool.finish();
            assertThat(r.exit()).as(r.err()).isZero();

            List<Map<String, Object>> packets = new ArrayList<>();
            Map<String, Object> lastStats = null;
            for (String line : r.outLines()) {
                Map<String, Object> o = Json.object(line);
                if ("stats".equals(o.get("type"))) {
                    lastStats = o;
                } else {
                    packets.add(o);
                }
            }
            assertThat(packets.stream().filter(p -> "UDP".equals(p.get("proto")) && "198.18.0.2".equals(p.get("src"))
                    && "198.18.0.1".equals(p.get("dst")) && Long.valueOf(5555).equals(p.get("sport"))
                    && Long.valueOf(7777).equals(p.get("dport")) && Long.valueOf(62).equals(p.get("size")))).hasSize(5);
            assertThat(packets).anyMatch(p -> Long.valueOf(7778).equals(p.get("dport"))
                    && ((List<?>) p.get("flags")).contains("LOW_TTL"));
            assertThat(packets).anyMatch(p -> "TCP".equals(p.get("proto")) && Long.valueOf(9).equals(p.get("dport"))
                    && ((List<?>) p.get("flags")).contains("SYN"));
            assertThat(packets).anyMatch(p -> "ICMP".equals(p.get("proto")) && "198.18.0.2".equals(p.get("src")));
            assertThat(packets).anyMatch(p -> "UDP".equals(p.get("proto")) && "fe80::2".equals(p.get("src"))
                    && "fe80::1".equals(p.get("dst")) && Long.valueOf(7779).equals(p.get("dport")));
            assertThat(lastStats).isNotNull();
            assertThat((Long) lastStats.get("udp")).isGreaterThanOrEqualTo(7);
            assertThat((Long) lastStats.get("tcp")).isGreaterThanOrEqualTo(1);
            assertThat((Long) lastStats.get("icmp")).isGreaterThanOrEqualTo(1);
            long sum = (Long) lastStats.get("tcp") + (Long) lastStats.get("udp") + (Long) lastStats.get("icmp")
                    + (Long) lastStats.get("other");
            assertThat((Long) lastStats.get("packets")).isEqualTo(sum).isEqualTo(packets.size());
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
