package dev.ebee.cli.pktmon;

import dev.ebee.cli.common.EventStream;

/**
 * The kernel side of pktmon: loads pktmon.bpf.o with .rodata {@code verbose} set, attaches the
 * {@code xdp} program to the interface through an XDP link (flags from {@link XdpMode#flags()}),
 * reads the per-CPU array {@code stats} (index: enum pkt_class; value {@code struct pkt_stats},
 * summed with {@link PacketStats#sum}) and, when verbose, streams {@code struct pkt_event}
 * records from the ring buffer {@code events}; {@code lost()} reads array map {@code dropped}[0].
 */
@FunctionalInterface
public interface PktmonProbe {

    record Config(String iface, int ifindex, XdpMode mode, boolean verbose) {
    }

    interface Session extends EventStream {
        /** The counts since attached. */
        PacketStats stats();
    }

    Session open(Config config);
}
