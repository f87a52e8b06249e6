package dev.ebee.examples.cgroupskb;

import dev.ebee.EbeeException;
import dev.ebee.StopSignals;

import java.nio.file.Path;
import java.time.Duration;

/** Counts the packets the processes of a cgroup (v2) send, printed every second until Ctrl-C. */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: cgroupskb CGROUP_DIR   (a cgroup v2 directory, e.g. /sys/fs/cgroup)");
            System.exit(2);
        }
        try (CgroupskbBpf bpf = CgroupskbBpf.load(); StopSignals stop = StopSignals.install()) {
            bpf.attachCountEgressPackets(Path.of(args[0]));
            System.out.println("Counting packets sent from cgroup " + args[0]);
            while (!stop.await(Duration.ofSeconds(1))) {
                System.out.println("number of packets: " + bpf.pktCount().lookupOrDefault(0, 0));
            }
        } catch (EbeeException e) {
            System.err.println(e.oneLine());
            System.exit(1);
        }
    }
}
