package dev.ebee.cli.jvmclassload;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.cli.common.TestJvm;
import dev.ebee.cli.common.ToolThread;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** jvmclassload on JVMs the test starts, filtered on their pids. */
@Tag("kernel")
class JvmclassloadKernelTest {
    /** Once attached: two boot classes, one of the platform loader's (java.sql) and one of its own loader's (Extra). */
    static final String SOURCE = """
            public class Load {
                public static void main(String[] a) throws Exception {
                    System.out.println("ready");
                    if (System.in.read() < 0) return;
                    for (String c : new String[]{"java.util.concurrent.Exchanger", "java.util.concurrent.Phaser",
                            "java.sql.Driver", "Extra"}) Class.forName(c);
                    System.out.println("done");
                    System.in.read();
                }
            }
            class Extra {}
            """;
    static final Pattern LOGGED = Pattern.compile("\\[class,load\\] (\\S+) source: (.*)");

    @TempDir
    Path dir;

    /** jvmclassload on the kernel, counting {@code attached} down once its probes are attached. */
    static JvmclassloadCommand command(CountDownLatch attached) {
        return new JvmclassloadCommand(t -> {
            EventStream s = KernelJvmclassload.open(t);
            attached.countDown();
            return s;
        });
    }

    /**
     * The classes loaded by name once attached, each with its loader: the two boot classes share
     * one, the platform's and the program's each have another; none comes from the CDS archive.
     */
    @ParameterizedTest
    @ValueSource(strings = {"temurin-25-jdk-amd64", "java-17-openjdk-amd64"})
    void seesTheClassesItsJvmLoadsByNameWithTheirLoaders(String jdk) throws Exception {
        Kernel.requireBpf();
        try (TestJvm jvm = TestJvm.start(jdk, dir, "Load", SOURCE, "-Xmx64m")) {
            CountDownLatch attached = new CountDownLatch(1);
            try (ToolThread tool = ToolThread.start(command(attached), attached, "--json", "-p", Long.toString(jvm.pid()))) {
                tool.awaitAttached();
                jvm.go();
                jvm.expect("done");
                tool.awaitOutput(lines -> lines.stream().anyMatch(l -> l.contains("\"class\":\"Extra\"")));
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                List<Map<String, Object>> all = r.outLines().stream().map(Json::object).toList();
                assertThat(all).as("-p keeps only its JVM").allMatch(e -> (Long) e.get("pid") == jvm.pid());
                Map<String, Map<String, Object>> byName = all.stream()
                        .collect(Collectors.toMap(e -> (String) e.get("class"), Function.identity(), (x, y) -> x));
                assertThat(byName).containsKeys("java.util.concurrent.Exchanger", "java.util.concurrent.Phaser", "java.sql.Driver", "Extra");
                Map<String, Object> exchanger = byName.get("java.util.concurrent.Exchanger");
                assertThat(exchanger).containsOnlyKeys("time", "pid", "tid", "event", "shared", "loader", "class")
                        .containsEntry("event", "load");
                String boot = (String) exchanger.get("loader");
                assertThat(boot).matches("0x[0-9a-f]+");
                assertThat(byName.get("java.util.concurrent.Phaser").get("loader")).isEqualTo(boot);
                String platform = (String) byName.get("java.sql.Driver").get("loader");
                String own = (String) byName.get("Extra").get("loader");
                assertThat(List.of(boot, platform, own)).doesNotHaveDuplicates();
                assertThat(byName.get("Extra").get("shared")).isEqualTo(false);
            }
        }
    }

    /**
     * A JVM started once attached, without -p: jvmclassload sees every class its -Xlog:class+load
     * logs, in the same order, and the same ones as from the CDS archive ("shared objects file"):
     * the burst of a JVM's start, none lost.
     */
    @ParameterizedTest
    @ValueSource(strings = {"temurin-25-jdk-amd64", "java-17-openjdk-amd64"})
    void seesEveryClassOfAJvmStart(String jdk) throws Exception {
        Kernel.requireBpf();
        CountDownLatch attached = new CountDownLatch(1);
        Path log = dir.resolve("classes.log");
        try (ToolThread tool = ToolThread.start(command(attached), attached, "--json", "--fields", "pid,shared,class")) {
            tool.awaitAttached();
            try (TestJvm jvm = TestJvm.start(jdk, dir, "Load", SOURCE, "-Xmx64m", "-Xlog:class+load:file=" + log)) {
                jvm.go();
                jvm.expect("done");
                jvm.end();
                List<String> logged = Files.readAllLines(log).stream().map(LOGGED::matcher).filter(Matcher::find)
                        .map(m -> m.group(1) + (m.group(2).equals("shared objects file") ? " shared" : "")).toList();
                assertThat(logged).hasSizeGreaterThan(400).contains("Extra");
                String pid = "{\"pid\":" + jvm.pid() + ",";
                tool.awaitOutput(lines -> lines.stream().filter(l -> l.startsWith(pid)).count() >= logged.size());
                Run r = tool.finish();
                assertThat(r.exit()).as(r.err()).isZero();
                List<String> seen = r.outLines().stream().filter(l -> l.startsWith(pid)).map(Json::object)
                        .map(e -> e.get("class") + ((Boolean) e.get("shared") ? " shared" : "")).toList();
                assertThat(seen).containsExactlyElementsOf(logged);
                assertThat(r.err()).endsWith(" 0 lost\n");
            }
        }
    }
}
