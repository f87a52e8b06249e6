package dev.ebee.examples.tcx;

import dev.ebee.EbeeException;
import dev.ebee.StopSignals;

import java.time.Duration;

/** Counts an interface's ingress and egress packets in two .bss globals, printed every second until Ctrl-C. */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: tcx INTERFACE");
            System.exit(2);
        }
        try (TcxBpf bpf = TcxBpf.load(); StopSignals stop = StopSignals.install()) {
            bpf.attachIngressProgFunc(args[0]);
            bpf.attachEgressProgFunc(args[0]);
            System.out.println("Attached tcx programs to iface " + args[0] + "; Ctrl-C to remove them");
            while (!stop.await(Duration.ofSeconds(1))) {
                System.out.printf("Packet Count: %d ingress, %d egress%n", bpf.ingressPktCount(), bpf.egressPktCount());
            }
        } catch (EbeeException e) {
            System.err.println(e.oneLine());
            System.exit(1);
        }
    }
}
