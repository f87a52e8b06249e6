package dev.ebee.btf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helper: compiles BPF C from the test resources with clang-19. */
public final class Clang {
    public static final String CLANG = "clang-19";

    private Clang() {
    }

    public static boolean present() {
        try {
            Process p = new ProcessBuilder(CLANG, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs clang in {@code dir}; returns its output, failing the test when it fails. */
    public static String run(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CLANG));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("clang " + String.join(" ", args) + ":\n" + out).isZero();
        return out;
    }

    /** Copies test resource {@code path} (such as "/btf/core_test.bpf.c") into {@code dir}. */
    public static Path resource(Path dir, String path) throws IOException {
        try (InputStream in = Clang.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no test resource " + path);
            }
            Path p = dir.resolve(Path.of(path).getFileName().toString());
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    /** Compiles test resource {@code path} for BPF with -O2 -g into {@code dir}; returns the object. */
    public static Path compileBpf(Path dir, String path) throws Exception {
        Path src = resource(dir, path);
        String obj = src.getFileName().toString().replaceAll("\\.c$", "") + ".o";
        run(dir, "-O2", "-g", "-target", "bpf", "-D__TARGET_ARCH_x86", "-I/usr/include/x86_64-linux-gnu",
                "-c", src.getFileName().toString(), "-o", obj);
        return dir.resolve(obj);
    }
}
