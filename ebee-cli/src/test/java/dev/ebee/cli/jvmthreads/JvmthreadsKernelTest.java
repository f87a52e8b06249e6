package dev.ebee.cli.jvmthreads;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.TestJvm;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jvmthreads on a JVM the test starts (filtered on its pid): once attached, the JVM starts and
 * joins THREADS threads named ebee-test-1..THREADS, the even ones daemons; jvmthreads shows a start
 * and a stop of each, in that order, with its name, daemon flag, native tid and Java thread id.
 */
@Tag("kernel")
class JvmthreadsKernelTest {
    static final int THREADS = 4;
    static final String SOURCE = """
            public class Threads {
                public static void main(String[] a) throws Exception {
                    System.out.println("ready");
                    if (System.in.read() < 0) return;
                    for (int i = 1; i <= %d; i++) {
                        Thread t = new Thread(() -> {}, "ebee-test-" + i);
                        t.setDaemon(i %% 2 == 0);
                        t.start();
                        t.join();
                    }
                    System.out.println("done");
                    System.in.read();
                }
            }
            """.formatted(THREADS);

    @TempDir
    Path dir;

    /** jvmthreads on the kernel, counting {@code attached} down once its probes are attached. */
    static JvmthreadsCommand command(CountDownLatch attached) {
        return new JvmthreadsCommand(t -> {
            EventStream s = KernelJvmthreads.open(t);
            attached.countDown();
            return s;
        });
    }

    static boolean ours(String line) {
        return line.contains("ebee-test-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"temurin-25-jdk-amd64", "java-17-openjdk-amd64"})
    void seesTheStartAndStopOfEachThreadOfItsJvm(String jdk) throws Exception {
        Kernel.requireBpf();
        try (TestJvm jvm = TestJvm.start(jdk, dir, "Threads", SOURCE, "-Xmx64m")) {
            CountDownLatch attached = new CountDownLatch(1);
            try (ToolThread tool = ToolThread.start(command(attached), attached, "--json", "-p", Long.toString(jvm.pid()))) {
                tool.awaitAttached();
                jvm.go();
                jvm.expect("done");
                tool.awaitOutput(lines -> lines.stream().filter(JvmthreadsKernelTest::ours).count() >= 2 * THREADS);
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                List<Map<String, Object>> all = r.outLines().stream().map(Json::object).toList();
                assertThat(all).as("-p keeps only its JVM").allMatch(e -> (Long) e.get("pid") == jvm.pid());
                List<Map<String, Object>> events = all.stream().filter(e -> ((String) e.get("name")).startsWith("ebee-test-")).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= THREADS; i++) {
                    expected.add("start ebee-test-" + i + " daemon=" + (i % 2 == 0));
                    expected.add("stop ebee-test-" + i + " daemon=" + (i % 2 == 0));
                }
                assertThat(events.stream().map(e -> e.get("event") + " " + e.get("name") + " daemon=" + e.get("daemon")))
                        .containsExactlyElementsOf(expected);
                assertThat(events).allSatisfy(e -> assertThat(e).containsOnlyKeys("time", "pid", "tid", "java_id", "event", "daemon", "name"));
                for (int i = 0; i < events.size(); i += 2) { // a thread's start and stop: the same thread
                    Map<String, Object> start = events.get(i), stop = events.get(i + 1);
                    assertThat((Long) start.get("tid")).isPositive().isNotEqualTo(jvm.pid()).isEqualTo(stop.get("tid"));
                    assertThat((Long) start.get("java_id")).isPositive().isEqualTo(stop.get("java_id"));
                }
            }
        }
    }

    /** The table with --fields: the columns asked for, in the table's order. */
    @Test
    void tableWithFields() throws Exception {
        Kernel.requireBpf();
        try (TestJvm jvm = TestJvm.start("temurin-25-jdk-amd64", dir, "Threads", SOURCE, "-Xmx64m")) {
            CountDownLatch attached = new CountDownLatch(1);
            try (ToolThread tool = ToolThread.start(command(attached), attached, "-p", Long.toString(jvm.pid()),
                    "--fields", "name,event,daemon")) {
                tool.awaitAttached();
                jvm.go();
                jvm.expect("done");
                tool.awaitOutput(lines -> lines.stream().filter(JvmthreadsKernelTest::ours).count() >= 2 * THREADS);
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.outLines().getFirst()).isEqualTo("EVENT DAEMON NAME");
                assertThat(r.outLines().stream().filter(JvmthreadsKernelTest::ours).limit(4)).containsExactly(
                        "start no     ebee-test-1", "stop  no     ebee-test-1", "start yes    ebee-test-2", "stop  yes    ebee-test-2");
                assertThat(r.err()).contains("jvmthreads: ").contains(" events, 0 lost");
            }
        }
    }
}
