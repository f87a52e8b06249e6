package dev.ebee.cli.jvmstat;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * jvmstat on a JVM the test starts (filtered on its pid): once attached, the JVM starts and joins
 * THREADS threads, loads CLASSES classes of its own, calls System.gc() GCS times and makes a method
 * hot; the sums of jvmstat's interval lines show exactly those GCs and threads, and at least those
 * classes and one compilation (the JVM loads and compiles its own things too).
 */
@Tag("kernel")
class JvmstatKernelTest {
    static final int THREADS = 4, CLASSES = 5, GCS = 3;
    static final String SOURCE = """
            public class Work {
                static class Loaded1 {} static class Loaded2 {} static class Loaded3 {}
                static class Loaded4 {} static class Loaded5 {}
                static int hot(int i) { return i * 31 + (i >>> 3); }
                public static void main(String[] a) throws Exception {
                    System.out.println("ready");
                    if (System.in.read() < 0) return;
                    Thread[] threads = new Thread[%d];
                    for (int i = 0; i < threads.length; i++) threads[i] = new Thread(() -> {});
                    for (Thread t : threads) t.start();
                    for (Thread t : threads) t.join();
                    for (int i = 1; i <= %d; i++) Class.forName("Work$Loaded" + i);
                    for (int i = 0; i < %d; i++) System.gc();
                    long s = 0;
                    for (int i = 0; i < 1_000_000; i++) s += hot(i);
                    System.out.println("done " + (s & 1));
                    System.in.read();
                }
            }
            """.formatted(THREADS, CLASSES, GCS);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"temurin-25-jdk-amd64", "java-17-openjdk-amd64"})
    void countsWhatItsJvmDid(String jdk) throws Exception {
        Kernel.requireBpf();
        Path java = Path.of("/usr/lib/jvm", jdk, "bin/java");
        assumeThat(Files.isExecutable(java)).as(java.toString()).isTrue();
        Path src = dir.resolve("Work.java");
        Files.writeString(src, SOURCE);
        // Serial: a System.gc() is one collection and no GC thread comes and goes; compiler threads all
        // start with the JVM, so that the only threads started once attached are the test's
        Process jvm = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UseDynamicNumberOfCompilerThreads",
                src.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
            CountDownLatch attached = new CountDownLatch(1);
            JvmstatCommand cmd = new JvmstatCommand(c -> {
                JvmstatProbe.Counters counters = KernelJvmstat.open(c);
                attached.countDown();
                return counters;
            });
            try (ToolThread tool = ToolThread.start(cmd, attached, "--json", "-i", "0.2", "-p", Long.toString(jvm.pid()))) {
                tool.awaitAttached();
                jvm.getOutputStream().write('\n');
                jvm.getOutputStream().flush();
                assertThat(out.readLine()).startsWith("done");
                tool.awaitOutput(lines -> {
                    Map<String, Long> t = totals(lines);
                    return t.get("gcs") >= GCS && t.get("threads_stopped") >= THREADS && t.get("classes_loaded") >= CLASSES
                            && t.get("methods_compiled") >= 1;
                });
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                List<Map<String, Object>> lines = r.outLines().stream().map(Json::object).toList();
                assertThat(lines).allMatch(l -> (Long) l.get("pid") == jvm.pid() && "java".equals(l.get("comm")));
                Map<String, Long> t = totals(r.outLines());
                assertThat(t.get("gcs")).as(r.out()).isEqualTo(GCS);
                assertThat(t.get("gc_ns")).isPositive();
                assertThat(t.get("threads_started")).as(r.out()).isEqualTo(THREADS);
                assertThat(t.get("threads_stopped")).as(r.out()).isEqualTo(THREADS);
                assertThat(t.get("classes_loaded")).isGreaterThanOrEqualTo(CLASSES);
                assertThat(t.get("methods_compiled")).isPositive();
                assertThat(t.get("compile_ns")).isPositive();
            }
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** Each count summed over the interval lines. */
    static Map<String, Long> totals(List<String> lines) {
        Map<String, Long> sums = new java.util.HashMap<>();
        for (String key : List.of("gcs", "gc_ns", "threads_started", "threads_stopped", "classes_loaded", "classes_unloaded",
                "methods_compiled", "compiles_failed", "compile_ns")) {
            sums.put(key, 0L);
        }
        for (String line : lines) {
            Map<String, Object> o = Json.object(line);
            sums.replaceAll((k, v) -> v + (Long) o.get(k));
        }
        return sums;
    }
}
