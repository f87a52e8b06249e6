package com.example;

import com.example.bpf.CounterBpf;

/** Compiles only if the generated binding has the expected API. */
public final class Use {
    public static long count(int pid) {
        try (CounterBpf bpf = CounterBpf.spec().targetPid(pid).countsMaxEntries(128).countAutoload(true).load()) {
            bpf.attachAll();
            CounterBpf.Sample s = new CounterBpf.Sample(pid, "x");
            return bpf.counts().lookup(s.pid()).orElse(0L);
        }
    }

    /** A .rodata constant stays readable once loaded. */
    public static long target(CounterBpf bpf) {
        return bpf.targetPid();
    }
}
