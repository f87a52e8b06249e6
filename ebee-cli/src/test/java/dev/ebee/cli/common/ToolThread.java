package dev.ebee.cli.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** A tool running in-process on another thread, for the kernel tests; its probe counts down {@code attached}. */
public final class ToolThread {
    private final CompletableFuture<Run> future;
    private final CountDownLatch attached;

    private ToolThread(CompletableFuture<Run> future, CountDownLatch attached) {
        this.future = future;
        this.attached = attached;
    }

    public static ToolThread start(Object command, CountDownLatch attached, String... args) {
        return new ToolThread(CompletableFuture.supplyAsync(() -> Run.of(command, args)), attached);
    }

    /** Waits until the tool's probes are attached; fails with the tool's output if it ended first. */
    public void awaitAttached() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!attached.await(50, TimeUnit.MILLISECONDS)) {
            if (future.isDone()) {
                Run r = future.get();
                fail("the tool ended before attaching: exit " + r.exit() + "\n" + r.err() + r.out());
            }
            if (System.nanoTime() > deadline) {
                fail("the tool did not attach in 90 s");
            }
        }
    }

    public Run finish() throws Exception {
        return future.get(120, TimeUnit.SECONDS);
    }
}
