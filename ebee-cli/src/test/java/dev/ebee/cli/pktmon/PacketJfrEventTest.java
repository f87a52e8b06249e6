package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacketJfrEventTest {
    @Test
    void fieldsOfATcpPacketAndOfAFrameThatIsNotIp() {
        PacketEvent tcp = new PacketEvent(74, 40000, 80, 4, 6, PacketClass.TCP, PacketEvent.SYN | PacketEvent.ACK, 64,
                0x0800, new byte[] {(byte) 198, 18, 0, 1}, new byte[] {(byte) 198, 18, 0, 2});
        PacketJfrEvent j = PacketJfrEvent.of(tcp);
        assertThat(j.protocol).isEqualTo("TCP");
        assertThat(j.source).isEqualTo("198.18.0.1");
        assertThat(j.destination).isEqualTo("198.18.0.2");
        assertThat(j.sourcePort).isEqualTo(40000);
        assertThat(j.destinationPort).isEqualTo(80);
        assertThat(j.size).isEqualTo(74);
        assertThat(j.ttl).isEqualTo(64);
        assertThat(j.flags).isEqualTo("SYN ACK");

        PacketJfrEvent arp = PacketJfrEvent.of(new PacketEvent(42, 0, 0, 0, 0, PacketClass.OTHER, 0, 0, 0x0806,
                new byte[0], new byte[0]));
        assertThat(arp.protocol).isEqualTo("ETH:0x0806");
        assertThat(arp.source).isNull();
        assertThat(arp.destination).isNull();
        assertThat(arp.flags).isEmpty();
    }

    @Test
    void jfrWithoutPacketLinesIsAUsageError() {
        PktmonProbe never = c -> {
            throw new AssertionError("must not attach");
        };
        Run r = Run.of(new PktmonCommand(never, name -> 1), "--jfr", "out.jfr", "-d", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).first().asString().isEqualTo("ebee pktmon: --jfr records each packet: it needs -v (see --help)");
    }
}
