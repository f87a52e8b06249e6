package dev.ebee.cli;

import dev.ebee.Program;
import dev.ebee.link.Link;
import dev.ebee.link.Links;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launched tool: SIGINT and SIGTERM detach and exit 0 with a summary; SIGKILL leaves nothing attached. */
@Tag("kernel")
class SignalsKernelTest {

    static Process start(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.ebee.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    /** Reads stderr until a line starting with {@code prefix}; returns the lines read. */
    static List<String> awaitLine(Process p, BufferedReader err, String prefix) throws Exception {
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = err.readLine()) != null) {
            seen.add(line);
            if (line.startsWith(prefix)) {
                return seen;
            }
        }
        throw new AssertionError("no line starting with " + prefix + ": " + seen);
    }

    /** Ids of links whose program is named {@code name}. */
    static List<Integer> linksOf(String name) {
        List<Integer> ids = new ArrayList<>();
        for (int id : Links.ids()) {
            try (Link l = Links.openById(id); Program prog = Program.fromId(l.info().progId())) {
                if (prog.info().name().equals(name)) {
                    ids.add(id);
                }
            } catch (RuntimeException e) {
                // gone meanwhile
            }
        }
        return ids;
    }

    @Test
    void sigintAndSigtermExitZeroWithTheSummary() throws Exception {
        Kernel.requireBpf();
        for (String sig : new String[] {"INT", "TERM"}) {
            Process p = start("execcount", "-i", "0.2");
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream()))) {
                awaitLine(p, err, "Counting execve() calls");
                new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                List<String> rest = err.lines().toList();
                assertThat(p.exitValue()).as("SIG" + sig + " " + rest).isZero();
                assertThat(rest).anyMatch(l -> l.matches("execcount: \\d+ execve\\(\\) calls in total"));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sigkillLeavesNothingAttached() throws Exception {
        Kernel.requireBpf();
        List<Integer> before = linksOf("count_execve");
        Process p = start("execcount", "-i", "10");
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream()))) {
            awaitLine(p, err, "Counting execve() calls");
            List<Integer> during = new ArrayList<>(linksOf("count_execve"));
            during.removeAll(before);
            assertThat(during).as("the tool's link").hasSize(1);
            new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Integer> after = linksOf("count_execve");
            while (after.contains(during.getFirst()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                after = linksOf("count_execve");
            }
            assertThat(after).doesNotContain(during.getFirst());
        } finally {
            p.destroyForcibly();
        }
    }
}
