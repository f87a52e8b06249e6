package dev.ebee.cli.pktmon;

import dev.ebee.BpfMap;
import dev.ebee.cli.common.LoadedObject;
import dev.ebee.cli.common.RecordHandler;
import dev.ebee.cli.common.RingBufStream;
import dev.ebee.link.Xdp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** pktmon's kernel side: pktmon.bpf.o on an XDP link, per-CPU stats array, ring buffer with -v. */
final class KernelPktmon {
    private KernelPktmon() {
    }

    static PktmonProbe.Session open(PktmonProbe.Config config) {
        LoadedObject obj = LoadedObject.load("pktmon", spec -> spec.setConstant("verbose", config.verbose()));
        try {
            dev.ebee.link.XdpMode mode = switch (config.mode()) {
                case AUTO -> dev.ebee.link.XdpMode.AUTO;
                case NATIVE -> dev.ebee.link.XdpMode.DRIVER;
                case SKB -> dev.ebee.link.XdpMode.GENERIC;
            };
            obj.own(Xdp.attach(obj.program("pktmon"), config.iface(), mode));
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
        RingBufStream events = new RingBufStream(obj);
        BpfMap stats = obj.map("stats");
        Arena arena = Arena.ofShared();
        MemorySegment key = arena.allocate(4, 4);
        MemorySegment values = arena.allocate(stats.valueBufferSize(), 8);
        int cpus = (int) (stats.valueBufferSize() / PacketStats.VALUE_SIZE);
        return new PktmonProbe.Session() {
            @Override
            public PacketStats stats() {
                PacketStats.Count[] counts = new PacketStats.Count[PacketStats.CLASSES];
                for (int i = 0; i < PacketStats.CLASSES; i++) {
                    key.set(ValueLayout.JAVA_INT, 0, i);
                    counts[i] = stats.lookup(key, values) ? PacketStats.sumPerCpu(values, cpus) : PacketStats.Count.ZERO;
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
                try {
                    events.close();
                } finally {
                    arena.close();
                }
            }
        };
    }
}
