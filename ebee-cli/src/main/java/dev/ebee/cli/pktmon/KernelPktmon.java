package dev.ebee.cli.pktmon;

import dev.ebee.cli.bpf.PktmonBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.RecordHandler;
import dev.ebee.link.Xdp;

/** pktmon's kernel side: {@link PktmonBpf} on an XDP link, per-CPU stats array, ring buffer with -v. */
final class KernelPktmon {
    private KernelPktmon() {
    }

    static PktmonProbe.Session open(PktmonProbe.Config config) {
        PktmonBpf bpf = PktmonBpf.spec().verbose(config.verbose()).load();
        dev.ebee.link.XdpMode mode = switch (config.mode()) {
            case AUTO -> dev.ebee.link.XdpMode.AUTO;
            case NATIVE -> dev.ebee.link.XdpMode.DRIVER;
            case SKB -> dev.ebee.link.XdpMode.GENERIC;
        };
        Xdp link = Closing.onFailure(bpf, () -> Xdp.attach(bpf.pktmon(), config.iface(), mode));
        BufferStream events = BufferStream.ringBuf(Closing.inOrder(link, bpf), bpf.events(),
                () -> bpf.dropped().lookupOrDefault(0, 0));
        return new PktmonProbe.Session() {
            @Override
            public PacketStats stats() {
                PacketStats.Count[] counts = new PacketStats.Count[PacketStats.CLASSES];
                for (int i = 0; i < PacketStats.CLASSES; i++) {
                    counts[i] = PacketStats.sum(bpf.stats().lookup(i));
                }
                return PacketStats.of(counts);
            }

            @Override
            public int poll(int timeoutMillis, RecordHandler handler) {
                return events.poll(timeoutMillis, handler);
            }

            @Override
            public long lost() {
                return events.lost();
            }

            @Override
            public void close() {
                events.close();
            }
        };
    }
}
