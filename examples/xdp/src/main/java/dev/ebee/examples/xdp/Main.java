package dev.ebee.examples.xdp;

import dev.ebee.EbeeException;
import dev.ebee.StopSignals;
import dev.ebee.link.XdpMode;

import java.time.Duration;

/** Counts the packets an interface receives per source IPv4 address, printed every second until Ctrl-C. */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: xdp INTERFACE");
            System.exit(2);
        }
        try (XdpBpf bpf = XdpBpf.load(); StopSignals stop = StopSignals.install()) {
            bpf.attachXdpProgFunc(args[0], XdpMode.AUTO);
            System.out.println("Attached XDP program to iface " + args[0] + "; Ctrl-C to remove it");
            while (!stop.await(Duration.ofSeconds(1))) {
                StringBuilder out = new StringBuilder("Map contents:");
                bpf.xdpStatsMap().forEach((ip, packets) -> out.append("\n\t").append(ipv4(ip)).append(" => ").append(packets));
                System.out.println(out);
            }
        } catch (EbeeException e) {
            System.err.println(e.oneLine());
            System.exit(1);
        }
    }

    /** The key is a {@code __be32}: its bytes are the address in order, so the first is the lowest of the little-endian number. */
    static String ipv4(long key) {
        return (key & 0xff) + "." + (key >> 8 & 0xff) + "." + (key >> 16 & 0xff) + "." + (key >> 24 & 0xff);
    }
}
