package dev.ebee.examples.execcount;

import dev.ebee.StopSignals;

import java.time.Duration;

/** Prints how many execve() calls the kernel has seen, every 2 seconds, until Ctrl-C or SIGTERM. */
public final class ExecCount {
    public static void main(String[] args) throws InterruptedException {
        try (ExeccountBpf bpf = ExeccountBpf.load(); StopSignals stop = StopSignals.install()) {
            bpf.attachAll();
            System.out.println("Counting execve() calls; Ctrl-C to stop");
            while (!stop.await(Duration.ofSeconds(2))) {
                System.out.println("execve() calls: " + bpf.counts().lookup(0).orElse(0L));
            }
        } // closed in reverse: the signal handlers first, then the binding detaches and unloads
    }
}
