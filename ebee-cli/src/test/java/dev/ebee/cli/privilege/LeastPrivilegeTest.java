package dev.ebee.cli.privilege;

import dev.ebee.cli.bashreadline.BashreadlineKernelTest;
import dev.ebee.testing.Kernel;
import dev.ebee.testing.ReadableClassPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tool as an unprivileged user (nobody) with exactly the capabilities README and
 * {@code ebee doctor} name for it, and tracefs readable by its group as an administrator would
 * grant it: the tool prints what it prints as root, numbers (pids, ports, times) aside.
 */
@Tag("kernel")
class LeastPrivilegeTest {
    /**
     * Tracepoints, through perf_event_open: CAP_PERFMON, and CAP_SYS_ADMIN on a kernel whose
     * perf_event_paranoid is above 2 (Debian's 6.1 has 3), as ebee doctor says.
     */
    private static final String TRACING = perfEventParanoid() > 2 ? "+bpf,+perfmon,+sys_admin" : "+bpf,+perfmon";
    /** XDP parsing at variable offsets needs CAP_PERFMON too: without it the verifier forbids that pointer arithmetic (Spectre v1). */
    private static final String NETWORK = "+bpf,+perfmon,+net_admin";
    /** Uprobes through perf_event_open: the kernel (6.18 here) asks CAP_SYS_ADMIN for the uprobe PMU. */
    private static final String UPROBES = "+bpf,+perfmon,+sys_admin";
    private static final int NOGROUP = 65534;

    private static ReadableClassPath readable;

    private static int perfEventParanoid() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).strip());
        } catch (IOException | NumberFormatException e) {
            return 2;
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        Kernel.requireBpf();
        Kernel.require(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux)");
        readable = ReadableClassPath.copy();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (readable != null) {
            readable.close();
        }
    }

    /** What a tool does once attached: cause the event and say which output lines are about it. */
    @FunctionalInterface
    interface Trigger {
        Predicate<String> cause() throws Exception;
    }

    /**
     * Runs the tool as root and as nobody with {@code caps}, each time waiting for {@code ready}
     * (attached), then for a line about the event {@code trigger} caused; the lines compared with
     * digits masked.
     */
    private static void sameAsRoot(String caps, Predicate<String> ready, Trigger trigger, String... args) throws Exception {
        sameAsRoot(caps, ready, trigger, line -> line, args);
    }

    /** As the other, with {@code also} masking what differs from run to run in a tool's lines besides numbers. */
    private static void sameAsRoot(String caps, Predicate<String> ready, Trigger trigger, UnaryOperator<String> also,
                                   String... args) throws Exception {
        List<String> root = run(ToolProcess.asRoot(readable, args), ready, trigger);
        List<String> nobody = run(ToolProcess.asNobody(readable, caps, args), ready, trigger);
        assertThat(masked(nobody).stream().map(also).toList()).as("as nobody with " + caps + ": " + nobody + "\nas root: " + root)
                .isEqualTo(masked(root).stream().map(also).toList());
    }

    private static List<String> run(ToolProcess tool, Predicate<String> ready, Trigger trigger) throws Exception {
        try (tool) {
            String readyLine = tool.awaitLine(ready);
            Predicate<String> ours = trigger.cause();
            String event = tool.awaitLine(ours);
            assertThat(tool.stop()).as("exit status after SIGTERM: " + tool.lines()).isZero();
            return List.of(readyLine, event);
        }
    }

    private static List<String> masked(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("ebee-lp-[0-9a-f]+", "TOKEN").replaceAll("\\d+", "N")
                .replaceAll(" +", " ")).toList();
    }

    private static String token() {
        return "ebee-lp-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() >>> 1);
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void execsnoop() throws Exception {
        try (TracefsGroupAccess access = TracefsGroupAccess.grant(NOGROUP)) {
            String token = token();
            sameAsRoot(TRACING, l -> l.startsWith("PCOMM"), () -> {
                exec("/bin/echo", token);
                return l -> l.contains(token);
            }, "execsnoop", "-l", token);
        }
    }

    @Test
    void rmdetect() throws Exception {
        Path dir = Files.createTempDirectory("ebee-lp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (TracefsGroupAccess access = TracefsGroupAccess.grant(NOGROUP)) {
            sameAsRoot(TRACING, l -> l.startsWith("PCOMM"), () -> {
                Path f = Files.createFile(dir.resolve(token()));
                exec("/bin/rm", f.toString());
                return l -> l.contains(f.toString());
            }, "rmdetect", "--path", dir.toString());
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void execcount() throws Exception {
        try (TracefsGroupAccess access = TracefsGroupAccess.grant(NOGROUP)) {
            sameAsRoot(TRACING, l -> l.startsWith("Counting execve() calls"), () -> {
                exec("/bin/true");
                return l -> l.matches("execve\\(\\) calls: [1-9]\\d*");
            }, "execcount", "-i", "0.2");
        }
    }

    @Test
    void tracepipe() throws Exception {
        // trace_pipe has one reader at a time: take turns with the other tracepipe tests
        try (FileChannel lockFile = FileChannel.open(Path.of("/tmp/ebee-trace_pipe.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock turn = lockFile.lock();
             TracefsGroupAccess access = TracefsGroupAccess.grant(NOGROUP)) {
            sameAsRoot(TRACING, l -> l.startsWith("TIME"), () -> {
                Process p = new ProcessBuilder("/bin/true").start();
                long pid = p.pid();
                p.waitFor();
                return l -> l.endsWith("execve called by PID: " + pid);
            }, l -> l.replaceFirst("^(\\S+ )\\S+", "$1TASK"), "tracepipe"); // trace_pipe names the task when it is read: racy
        }
    }

    @Test
    void pktmon() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            sameAsRoot(NETWORK, l -> l.startsWith("pktmon: XDP on lo"), () -> {
                byte[] b = "ebee".getBytes();
                socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), 9));
                return l -> l.contains("UDP 127.0.0.1:" + port + " -> 127.0.0.1:9 ");
            }, "pktmon", "-i", "lo", "-v", "-s", "600");
        }
    }

    @Test
    void bashreadline() throws Exception {
        sameAsRoot(UPROBES, l -> l.startsWith("TIME"), () -> {
            String line = "echo " + token();
            Process p = new ProcessBuilder("python3", "-c", BashreadlineKernelTest.DRIVER, "/bin/bash --norc --noprofile -i")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (Writer in = new OutputStreamWriter(p.getOutputStream())) {
                in.write(line + "\nexit\n");
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return l -> l.endsWith(" " + line);
        }, "bashreadline");
    }

    /** Without -p, jvmgc probes every installed libjvm.so: nobody cannot read a root JVM's maps, and need not. */
    @Test
    void jvmgc() throws Exception {
        onAJvm("System.gc();", UPROBES, pid -> l -> l.matches("\\S+\\s+" + pid + "\\s.*\\byes\\b.*"), "jvmgc");
    }

    /** jvmstat, like jvmgc, probes every installed libjvm.so without -p; its JVM's line shows the System.gc(). */
    @Test
    void jvmstat() throws Exception {
        onAJvm("System.gc();", UPROBES, pid -> l -> l.matches("\\S+\\s+" + pid + "\\s+\\S+\\s+[1-9].*"),
                "jvmstat", "--fields", "time,pid,comm,gcs", "-i", "0.2");
    }

    /** jvmthreads, like jvmgc: the start of a thread its JVM starts per trigger. */
    @Test
    void jvmthreads() throws Exception {
        onAJvm("Thread t = new Thread(() -> {}, \"ebee-lp-thread\"); t.start(); t.join();", UPROBES,
                pid -> l -> l.matches("\\S+\\s+" + pid + "\\s.*\\sstart\\s.*ebee-lp-thread"), "jvmthreads");
    }

    /**
     * jvmclassload, like jvmgc: per trigger its JVM defines a proxy class in a new class loader
     * (jdk.proxyN.$Proxy0, a class that no earlier trigger loaded); the loader's address masked.
     */
    @Test
    void jvmclassload() throws Exception {
        onAJvm("java.lang.reflect.Proxy.newProxyInstance(new ClassLoader(null) {}, new Class<?>[]{Runnable.class}, (p, m, x) -> null);",
                UPROBES, pid -> l -> l.matches("\\S+\\s+" + pid + "\\s.*\\sjdk\\.proxy\\d+\\.\\$Proxy\\d+"),
                l -> l.replaceAll("Nx[Na-f]+", "LOADER"), "jvmclassload"); // masked: its digits are N already
    }

    private static void onAJvm(String perTrigger, String caps, java.util.function.LongFunction<Predicate<String>> which,
                               String... args) throws Exception {
        onAJvm(perTrigger, caps, which, line -> line, args);
    }

    /**
     * {@link #sameAsRoot} for a JVM tool: a serial-GC JVM the test starts runs {@code perTrigger}
     * once per trigger (a line on its stdin; once it runs main, the first is seen when it comes).
     */
    private static void onAJvm(String perTrigger, String caps, java.util.function.LongFunction<Predicate<String>> which,
                               UnaryOperator<String> also, String... args) throws Exception {
        Path src = Files.writeString(readable.dir().resolve("Trigger.java"), """
                public class Trigger {
                    public static void main(String[] a) throws Exception {
                        while (System.in.read() >= 0) { %s }
                    }
                }
                """.formatted(perTrigger));
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx32m", src.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (Writer in = new OutputStreamWriter(jvm.getOutputStream())) {
            sameAsRoot(caps, l -> l.startsWith("TIME"), () -> {
                in.write('\n');
                in.flush();
                return which.apply(jvm.pid());
            }, also, args);
        } finally {
            jvm.destroyForcibly();
        }
    }
}
