package dev.ebee.cli.common;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * A tool running in-process on another thread, for the kernel tests; its probe counts down
 * {@code attached}. It runs without a duration: the test waits for the tool to print what the
 * test's own processes did ({@link #awaitOutput}), then stops it as SIGTERM would
 * ({@link #finish()}), so that a slow machine cannot end the run before the events. Give it no
 * duration, and run one at a time: the stop is a signal to this JVM.
 */
public final class ToolThread implements AutoCloseable {
    private static final Signal TERM = new Signal("TERM");
    private static final long ATTACH_SECONDS = 90, OUTPUT_SECONDS = 90, STOP_SECONDS = 120;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CountDownLatch attached;
    private SignalHandler previous;
    private final CompletableFuture<Run> future;

    private ToolThread(Object command, CountDownLatch attached, String[] args) {
        this.attached = attached;
        // The tool swaps in its own handler while it runs and puts this one back when it ends, so
        // that a SIGTERM raised after the tool has ended is ignored instead of exiting the JVM.
        previous = Signal.handle(TERM, sig -> { });
        // a thread of its own: a tool left running by a failed test must not hold up the next one
        future = CompletableFuture.supplyAsync(() -> Run.of(command, out, err, args),
                r -> Thread.ofPlatform().daemon().name("tool").start(r));
    }

    public static ToolThread start(Object command, CountDownLatch attached, String... args) {
        return new ToolThread(command, attached, args);
    }

    /** Waits until the tool's probes are attached; fails with the tool's output if it ended first. */
    public void awaitAttached() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ATTACH_SECONDS);
        while (!attached.await(50, TimeUnit.MILLISECONDS)) {
            failIfEnded("attaching");
            if (System.nanoTime() > deadline) {
                fail("the tool did not attach in " + ATTACH_SECONDS + " s");
            }
        }
    }

    /**
     * Waits until the complete lines the tool has printed on stdout satisfy {@code done}; fails
     * with its output when they do not within 90 s.
     */
    public void awaitOutput(Predicate<List<String>> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OUTPUT_SECONDS);
        while (!done.test(completeLines())) {
            failIfEnded("printing what the test waits for");
            if (System.nanoTime() > deadline) {
                fail("the tool did not print what the test waits for in " + OUTPUT_SECONDS + " s:\n" + out + err);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Stops the tool as SIGTERM does (it drains what the kernel already sent) and returns its run.
     * Call it once attached: the tool's handler is then in place, and it takes the one signal.
     */
    public Run finish() throws Exception {
        boolean raised = false;
        if (!future.isDone()) {
            Signal.raise(TERM);
            raised = true;
        }
        Run r = future.get(STOP_SECONDS, TimeUnit.SECONDS);
        // The handler the signal reaches is looked up when it is delivered, on another thread. A tool
        // that exited 0 stopped on it, so it was delivered; one that failed may have ended before,
        // and the signal may still come: the placeholder stays to take it.
        if (!raised || r.exit() == 0) {
            Signal.handle(TERM, previous);
            previous = null;
        }
        return r;
    }

    /**
     * Stops the tool if the test did not (it failed before {@link #finish()}). A tool still
     * loading is left to run: it may not have its handler yet.
     */
    @Override
    public void close() throws Exception {
        if (previous != null && (future.isDone() || attached.getCount() == 0)) {
            finish();
        }
    }

    private void failIfEnded(String doing) throws Exception {
        if (future.isDone()) {
            Run r = future.get();
            fail("the tool ended before " + doing + ": exit " + r.exit() + "\n" + r.err() + r.out());
        }
    }

    private List<String> completeLines() {
        String s = out.toString();
        int end = s.lastIndexOf('\n');
        return end < 0 ? List.of() : Arrays.asList(s.substring(0, end).split("\n"));
    }
}
