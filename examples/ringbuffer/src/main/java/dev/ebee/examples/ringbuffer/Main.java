package dev.ebee.examples.ringbuffer;

import dev.ebee.StopSignals;

import java.time.Duration;

/** Prints every exec the kernel reports through the ring buffer, until Ctrl-C or SIGTERM. */
public final class Main {
    public static void main(String[] args) {
        try (RingbufferBpf bpf = RingbufferBpf.load(); StopSignals stop = StopSignals.install()) {
            bpf.attachAll();
            System.out.println("Waiting for events..");
            while (!stop.caught()) {
                bpf.events().poll(Duration.ofMillis(200), (RingbufferBpf.Event e) ->
                        System.out.printf("pid: %d\tcomm: %s%n", e.pid(), e.commText()));
            }
        }
    }
}
