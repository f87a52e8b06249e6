package dev.ebee.cli.usdt;

import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ebee usdt list}: Temurin 25's libjvm.so against binutils' readelf, a process, and the errors. */
class UsdtListTest {
    static final Path LIBJVM = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so");

    static Run list(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "list";
        System.arraycopy(args, 0, all, 1, args.length);
        return Run.of(new UsdtCommand(), all);
    }

    /** One line per probe name, as bpftrace -l prints them: the distinct provider:name pairs of readelf -n. */
    @Test
    void listsEveryProbeOfLibjvmOnce() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(LIBJVM), "Temurin 25 is not installed");
        Run r = list(LIBJVM.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        TreeSet<String> expected = new TreeSet<>();
        for (String[] note : readelfNotes(LIBJVM)) {
            expected.add("usdt:" + LIBJVM + ":" + note[0] + ":" + note[1]);
        }
        assertThat(expected).hasSizeGreaterThan(500);
        assertThat(r.outLines()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected)
                .contains("usdt:" + LIBJVM + ":hotspot:gc__begin", "usdt:" + LIBJVM + ":hotspot:mem__pool__gc__begin");
    }

    @Test
    void verboseAndJsonShowEverySite() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(LIBJVM), "Temurin 25 is not installed");
        int sites = readelfNotes(LIBJVM).size();
        Run v = list("-v", LIBJVM.toString());
        assertThat(v.outLines()).hasSize(sites + 1);
        assertThat(v.outLines().getFirst()).startsWith("PROBE").contains("FILE OFFSET", "ARGUMENTS");
        Run j = list("--json", LIBJVM.toString());
        assertThat(j.outLines()).hasSize(sites).allMatch(l -> l.startsWith("{\"binary\":\"" + LIBJVM + "\",\"provider\":"));
        assertThat(j.out()).contains("\"name\":\"gc__begin\"", "\"arguments\":\"1@%dil\"");
    }

    /** The probes of this test's own JVM, found through /proc/PID/maps. */
    @Test
    void listsTheProbesOfAProcess() {
        Run r = list(Long.toString(ProcessHandle.current().pid()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).anyMatch(l -> l.matches("usdt:/.*/libjvm\\.so:hotspot:gc__begin"));
    }

    @Test
    void errorsAreOneLine() {
        Run noNotes = list("/bin/sh");
        assertThat(noNotes.exit()).isEqualTo(1);
        assertThat(noNotes.errLines()).singleElement().asString()
                .matches("ebee: /.* has no USDT probes \\(no \\.note\\.stapsdt notes\\) .*");
        Run noPid = list("999999999");
        assertThat(noPid.exit()).isEqualTo(1);
        assertThat(noPid.err()).startsWith("ebee: no process 999999999 (cannot read /proc/999999999/maps)");
        Run noFile = list("/nonexistent/libfoo.so");
        assertThat(noFile.exit()).isEqualTo(1);
        assertThat(noFile.err()).startsWith("ebee: no such binary: /nonexistent/libfoo.so");
    }

    /** readelf -n's stapsdt notes: provider and name of each. */
    static List<String[]> readelfNotes(Path file) throws Exception {
        Process p = new ProcessBuilder("readelf", "-n", "-W", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        List<String[]> notes = new java.util.ArrayList<>();
        String provider = null;
        for (String line : out.split("\n")) {
            String t = line.strip();
            int at = t.indexOf("Provider: ");
            if (at >= 0) {
                provider = t.substring(at + 10).strip();
            } else if (t.startsWith("Name: ") && provider != null) {
                notes.add(new String[]{provider, t.substring(6)});
                provider = null;
            }
        }
        return notes;
    }
}
