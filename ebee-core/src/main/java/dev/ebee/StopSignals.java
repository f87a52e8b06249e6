package dev.ebee;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Catches SIGINT (Ctrl-C) and SIGTERM while open, so that a program stops where it chooses: it
 * leaves its try-with-resources block, which detaches and unloads, and {@code main} returns with
 * exit status 0. Left to the JVM, these signals run the shutdown hooks while {@code main} still
 * uses its objects, and the exit status is 130 or 143.
 *
 * <pre>{@code
 * try (MyBpf bpf = MyBpf.load(); StopSignals stop = StopSignals.install()) {
 *     bpf.attachAll();
 *     stop.await();
 * }
 * }</pre>
 *
 * Declared after the binding, it is closed first, so a second Ctrl-C during the cleanup ends the
 * JVM the usual way. Closing restores the handlers that were there before. A signal the process
 * was started ignoring (SIGINT, for a job a shell script put in the background) stays ignored, as
 * the JVM leaves it so.
 */
public final class StopSignals implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final CountDownLatch caught = new CountDownLatch(1);
    private final AtomicReference<String> signal = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {
    }

    /** Catches SIGINT and SIGTERM from now until {@link #close()}. */
    public static StopSignals install() {
        StopSignals s = new StopSignals();
        SignalHandler handler = sig -> s.caught("SIG" + sig.getName());
        for (String name : SIGNALS) {
            Signal sig = new Signal(name);
            try {
                s.previous.put(sig, Signal.handle(sig, handler));
            } catch (IllegalArgumentException e) {
                s.close();
                throw new EbeeException("cannot catch SIG" + name + ": " + e.getMessage(),
                        "the JVM keeps this signal to itself when started with -Xrs", e);
            }
        }
        return s;
    }

    private void caught(String name) {
        signal.compareAndSet(null, name);
        caught.countDown();
    }

    /** Blocks until SIGINT or SIGTERM arrives (returns at once if one already did). */
    public void await() throws InterruptedException {
        caught.await();
    }

    /** Waits at most {@code timeout} for SIGINT or SIGTERM; true if one arrived, now or before. */
    public boolean await(Duration timeout) throws InterruptedException {
        return caught.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether SIGINT or SIGTERM arrived, without waiting. */
    public boolean caught() {
        return caught.getCount() == 0;
    }

    /** The first signal that arrived, {@code "SIGINT"} or {@code "SIGTERM"}, if one did. */
    public Optional<String> signal() {
        return Optional.ofNullable(signal.get());
    }

    /** Restores the handlers found by {@link #install()}; closing twice does nothing more. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
