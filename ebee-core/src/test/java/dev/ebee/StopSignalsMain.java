package dev.ebee;

import dev.ebee.link.Link;

import java.nio.file.Path;

/** The child of {@link StopSignalsKernelTest}: attaches, says so with the link's id, waits for a stop signal. */
public final class StopSignalsMain {
    public static void main(String[] args) throws InterruptedException {
        try (Collection c = ObjectFile.open(Path.of(args[0])).load();
             Link link = c.attach("on_getpid");
             StopSignals stop = StopSignals.install()) {
            System.out.println("attached " + link.info().id());
            stop.await();
            System.out.println("stopped by " + stop.signal().orElseThrow());
        }
    }
}
