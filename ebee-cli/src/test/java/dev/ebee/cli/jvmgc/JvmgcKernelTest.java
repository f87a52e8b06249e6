package dev.ebee.cli.jvmgc;

import dev.ebee.cli.common.EventStream;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * jvmgc on a JVM the test starts: it sees exactly the JVM's System.gc() calls (filtered on that
 * pid), with pauses consistent with what the JVM's own -Xlog:gc says.
 */
@Tag("kernel")
class JvmgcKernelTest {
    static final String SOURCE = """
            public class Gc {
                public static void main(String[] a) throws Exception {
                    System.out.println("ready");
                    if (System.in.read() < 0) return;
                    for (int i = 0; i < 3; i++) System.gc();
                    System.out.println("done");
                    System.in.read();
                }
            }
            """;
    static final Pattern LOG_PAUSE = Pattern.compile("Pause Full \\(System\\.gc\\(\\)\\).* ([0-9.]+)ms");

    @TempDir
    Path dir;

    /** jvmgc on the kernel, counting {@code attached} down once its probes are attached. */
    static JvmgcCommand command(CountDownLatch attached) {
        return new JvmgcCommand(c -> {
            EventStream s = KernelJvmgc.open(c);
            attached.countDown();
            return s;
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"temurin-25-jdk-amd64, -XX:+UseSerialGC", "temurin-25-jdk-amd64, -XX:+UseParallelGC",
            "java-17-openjdk-amd64, -XX:+UseSerialGC"})
    void seesEverySystemGcOfItsJvm(String jdk, String collector) throws Exception {
        Kernel.requireBpf();
        Path java = Path.of("/usr/lib/jvm", jdk, "bin/java");
        assumeThat(Files.isExecutable(java)).as(java.toString()).isTrue();
        Path src = dir.resolve("Gc.java");
        Files.writeString(src, SOURCE);
        Path log = dir.resolve("gc.log");
        Process jvm = new ProcessBuilder(java.toString(), collector, "-Xmx64m", "-Xlog:gc:file=" + log, src.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
            CountDownLatch attached = new CountDownLatch(1);
            JvmgcCommand cmd = command(attached);
            try (ToolThread tool = ToolThread.start(cmd, attached, "--json", "-p", Long.toString(jvm.pid()))) {
                tool.awaitAttached();
                jvm.getOutputStream().write('\n');
                jvm.getOutputStream().flush();
                assertThat(out.readLine()).isEqualTo("done");
                tool.awaitOutput(lines -> lines.size() >= 3);
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                List<Map<String, Object>> events = r.outLines().stream().map(Json::object).toList();
                assertThat(events).hasSize(3).allMatch(e -> (Long) e.get("pid") == jvm.pid() && (Boolean) e.get("full"));
                List<Double> logged = new ArrayList<>();
                Matcher m = LOG_PAUSE.matcher(Files.readString(log));
                while (m.find()) {
                    logged.add(Double.parseDouble(m.group(1)));
                }
                assertThat(logged).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    double ms = ((Long) events.get(i).get("pause_ns")) / 1e6;
                    // the probes sit just inside the JVM's own timing: close to it, never far above
                    // (the 5 % is for emulated kernels, where everything, the gap included, is ~40x slower)
                    assertThat(ms).as("pause %d: jvmgc %s ms, -Xlog:gc %s ms", i, ms, logged.get(i))
                            .isBetween(logged.get(i) * 0.5, logged.get(i) * 1.05 + 2.0);
                }
            }
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** --histogram: at the end, one histogram per JVM holding its pauses. */
    @org.junit.jupiter.api.Test
    void histogramCountsThePausesOfItsJvm() throws Exception {
        Kernel.requireBpf();
        Path java = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeThat(Files.isExecutable(java)).as(java.toString()).isTrue();
        Path src = dir.resolve("Gc.java");
        Files.writeString(src, SOURCE);
        Process jvm = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx64m", src.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
            CountDownLatch attached = new CountDownLatch(1);
            JvmgcCommand cmd = command(attached);
            ToolThread tool = ToolThread.start(cmd, attached, "--histogram", "--json", "-p", Long.toString(jvm.pid()));
            try (tool) {
                tool.awaitAttached();
                jvm.getOutputStream().write('\n');
                jvm.getOutputStream().flush();
                assertThat(out.readLine()).isEqualTo("done");
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.err()).contains("jvmgc: 3 events");
                Map<String, Object> h = Json.object(r.outLines().getFirst());
                assertThat(r.outLines()).hasSize(1);
                assertThat(h.get("pid")).isEqualTo(jvm.pid());
                assertThat(h.get("comm")).isEqualTo("java");
                assertThat(r.outLines().getFirst()).contains("\"pause_us\":[{\"low\":");
            }
        } finally {
            jvm.destroyForcibly();
        }
    }

    /**
     * --histogram -i: each interval prints the histograms of that interval's pauses, then starts
     * afresh: a System.gc() per interval shows as a histogram of one pause each time.
     */
    @org.junit.jupiter.api.Test
    void histogramEveryIntervalHoldsThatIntervalsPauses() throws Exception {
        Kernel.requireBpf();
        Path java = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeThat(Files.isExecutable(java)).as(java.toString()).isTrue();
        Path src = Files.writeString(dir.resolve("OneGc.java"), """
                public class OneGc {
                    public static void main(String[] a) throws Exception {
                        System.out.println("ready");
                        while (System.in.read() >= 0) { System.gc(); System.out.println("gc"); }
                    }
                }
                """);
        Process jvm = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx64m", src.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
            CountDownLatch attached = new CountDownLatch(1);
            JvmgcCommand cmd = command(attached);
            try (ToolThread tool = ToolThread.start(cmd, attached, "--histogram", "-i", "0.3", "--json", "-p", Long.toString(jvm.pid()))) {
                tool.awaitAttached();
                for (int round = 1; round <= 2; round++) {
                    jvm.getOutputStream().write('\n');
                    jvm.getOutputStream().flush();
                    assertThat(out.readLine()).isEqualTo("gc");
                    int histograms = round;
                    tool.awaitOutput(lines -> lines.size() >= histograms);
                }
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.outLines()).hasSize(2).allSatisfy(line -> assertThat(line)
                        .contains("\"pid\":" + jvm.pid()).containsOnlyOnce("\"count\":1}"));
            }
        } finally {
            jvm.destroyForcibly();
        }
    }
}
