package dev.ebee.examples.uretprobe;

import dev.ebee.StopSignals;

import java.time.Duration;

/** Prints each line bash's readline() returns, through a perf event array, until Ctrl-C or SIGTERM. */
public final class Main {
    static final String BINARY = "/bin/bash";
    static final String SYMBOL = "readline";

    public static void main(String[] args) {
        try (UretprobeBpf bpf = UretprobeBpf.load(); StopSignals stop = StopSignals.install()) {
            bpf.attachUretprobeBashReadline(BINARY, SYMBOL);
            System.out.println("Listening for events..");
            while (!stop.caught()) {
                bpf.events().poll(Duration.ofMillis(200), (UretprobeBpf.Event e) ->
                        System.out.printf("%s:%s return value: %s%n", BINARY, SYMBOL, e.line()));
            }
            System.out.println("lost samples: " + bpf.events().lostSamples());
        }
    }
}
