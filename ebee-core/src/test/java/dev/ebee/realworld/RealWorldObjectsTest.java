package dev.ebee.realworld;

import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.EbeeException;
import dev.ebee.ObjectFile;
import dev.ebee.fs.BpfFs;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise: an object that libbpf loads on this kernel, ebee loads too. The objects are the
 * ones Debian's libbpf-tools embed in their executables; libbpf's verdict is
 * {@code bpftool prog loadall} on the same bytes.
 */
@Tag("kernel")
class RealWorldObjectsTest {
    private static final Path TOOLS = Path.of("/usr/sbin");

    record Verdict(String name, boolean libbpf, boolean ebee, String ebeeError) {
    }

    @Test
    void ebeeLoadsEveryObjectLibbpfLoads() throws Exception {
        Kernel.requireBpf();
        Kernel.require(Files.isExecutable(TOOLS.resolve("execsnoop")) && Files.isExecutable(TOOLS.resolve("opensnoop")),
                "Debian's libbpf-tools (apt-get install libbpf-tools)");
        Kernel.require(Files.isExecutable(Path.of("/usr/sbin/bpftool")), "bpftool (apt-get install bpftool)");
        Path bpffs = BpfFs.path();
        removePinsOfDeadRuns(bpffs);
        Path work = Files.createTempDirectory("ebee-realworld");
        TreeMap<String, Verdict> verdicts = new TreeMap<>();
        List<Path> tools;
        try (Stream<Path> s = Files.list(TOOLS)) {
            tools = s.filter(p -> isLibbpfTool(p)).sorted().toList();
        }
        for (Path tool : tools) {
            List<byte[]> objects = EmbeddedObjects.in(tool.toRealPath());
            for (int n = 0; n < objects.size(); n++) {
                String name = tool.getFileName() + (objects.size() > 1 ? "#" + n : "");
                Path obj = work.resolve(name + ".bpf.o");
                Files.write(obj, objects.get(n));
                boolean libbpf = bpftoolLoads(obj, bpffs.resolve("ebee-rw-" + ProcessHandle.current().pid()));
                String error = null;
                try {
                    CollectionSpec spec = ObjectFile.open(obj);
                    try (Collection c = spec.load()) {
                        assertThat(c.programs()).isNotEmpty();
                    }
                } catch (EbeeException e) {
                    error = e.oneLine();
                }
                verdicts.put(name, new Verdict(name, libbpf, error == null, error));
            }
        }
        long libbpfCount = verdicts.values().stream().filter(Verdict::libbpf).count();
        long ebeeCount = verdicts.values().stream().filter(Verdict::ebee).count();
        System.out.printf("real-world objects: %d from %d libbpf-tools executables; libbpf (bpftool prog loadall) loads %d, ebee loads %d%n",
                verdicts.size(), tools.size(), libbpfCount, ebeeCount);
        List<String> regressions = new ArrayList<>();
        for (Verdict v : verdicts.values()) {
            if (v.libbpf() != v.ebee()) {
                System.out.println("  " + v.name() + ": libbpf " + (v.libbpf() ? "loads" : "fails") + ", ebee "
                        + (v.ebee() ? "loads" : "fails: " + v.ebeeError()));
            }
            if (v.libbpf() && !v.ebee()) {
                regressions.add(v.name() + ": " + v.ebeeError());
            }
        }
        assertThat(verdicts).as("objects found").isNotEmpty();
        assertThat(libbpfCount).as("libbpf loads some of them").isPositive();
        assertThat(regressions).as("objects libbpf loads but ebee does not").isEmpty();
        deleteTree(work);
    }

    private static boolean isLibbpfTool(Path p) {
        try {
            return Files.isRegularFile(p) && Files.isExecutable(p)
                    && Files.readString(Path.of("/var/lib/dpkg/info/libbpf-tools.list")).contains(p.toString() + "\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean bpftoolLoads(Path obj, Path pinDir) throws Exception {
        Process p = new ProcessBuilder("bpftool", "prog", "loadall", obj.toString(), pinDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        deleteTree(pinDir);
        return done && p.exitValue() == 0;
    }

    /**
     * A run killed while bpftool was pinning leaves its ebee-rw-PID directory behind (bpftool
     * outlives the test's JVM): remove those whose process is gone.
     */
    private static void removePinsOfDeadRuns(Path bpffs) throws IOException {
        try (Stream<Path> s = Files.list(bpffs)) {
            for (Path d : s.filter(p -> p.getFileName().toString().matches("ebee-rw-\\d+")).toList()) {
                long pid = Long.parseLong(d.getFileName().toString().substring("ebee-rw-".length()));
                if (ProcessHandle.of(pid).isEmpty()) {
                    deleteTree(d);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
