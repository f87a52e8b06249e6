package dev.ebee.ringbuf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's threads blocked in epoll_wait, from /proc/self/task/N/wchan. */
public final class EpollWaiters {
    private EpollWaiters() {
    }

    public static int count() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("wchan")).contains("epoll_wait");
                } catch (IOException e) {
                    return false; // the thread exited
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to a minute, then fails) until more than {@code before} threads are in epoll_wait. */
    public static void awaitMoreThan(int before) throws InterruptedException {
        for (int i = 0; i < 6000; i++) {
            if (count() > before) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no thread entered epoll_wait within a minute");
    }
}
