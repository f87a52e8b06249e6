package dev.ebee.examples.execwatch;

import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.ObjectFile;
import dev.ebee.Variable;
import dev.ebee.link.Link;
import dev.ebee.link.Tracepoint;
import dev.ebee.ringbuf.RingBufReader;

import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * The library without generated bindings: parse the object, set a constant, load, attach one
 * program, read the ring buffer and a live global. Prints each exec for 10 seconds, then the count.
 */
public final class ExecWatch {
    public static void main(String[] args) {
        CollectionSpec spec = ObjectFile.fromResource(ExecWatch.class, "execwatch.bpf.o"); // parse: no kernel yet
        spec.setConstant("min_pid", 2);                                       // const volatile, before load
        try (Collection c = spec.load();                                      // maps, CO-RE, verifier
             Link link = Tracepoint.attach(c.program("on_execve"), "syscalls", "sys_enter_execve");
             RingBufReader events = RingBufReader.open(c.map("events"))) {
            Variable calls = c.variable("calls");                            // mapped: no syscall per read
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end) {
                events.poll(Duration.ofMillis(100), (segment, offset, length) ->
                        System.out.println("exec by pid " + segment.get(JAVA_INT_UNALIGNED, offset)));
            }
            System.out.println("execve() calls: " + calls.getLong());
        }
    }
}
