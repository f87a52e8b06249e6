package dev.ebee.bpf2java;

import dev.ebee.testing.Kernel;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared pieces of the bpf2java tests. */
final class TestSupport {
    private TestSupport() {
    }

    /** The checked-in test object compiled from src/test/bpf/kinds.bpf.c. */
    static byte[] kindsObject() {
        try (InputStream in = TestSupport.class.getResourceAsStream("kinds.bpf.o")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path testBpfDir() {
        return Path.of("src/test/bpf").toAbsolutePath();
    }

    /** clang, or a skip (a failure with CI=true) when none is installed. */
    static Path requireClang() {
        try {
            return Clang.find(null, System.getenv("PATH"));
        } catch (Bpf2JavaException e) {
            if (Kernel.ci()) {
                fail("clang is needed and CI=true forbids skipping: " + e.oneLine());
            }
            Assumptions.abort("needs clang: " + e.oneLine());
            return null;
        }
    }

    static BpfObjectModel kindsModel() {
        return ModelBuilder.read("kinds.bpf.c", kindsObject(), List.of());
    }

    static String generate(BpfObjectModel model, String cls) {
        return new JavaGenerator(model, new JavaGenerator.Options("test.gen", cls, "kinds.bpf.o")).generate();
    }

    /**
     * Runs the whole pipeline on C {@code source}, written to {@code dir/src/main/bpf/<file>}
     * (package com.example.bpf, the machine's vmlinux BTF), failing on an error; returns the
     * source of class {@code cls}. The object is in {@code dir/gen/res/com/example/bpf}.
     */
    static String generateFromC(Path dir, String file, String source, String cls) throws IOException {
        return generateFromC(dir, file, source, cls, List.of());
    }

    /** {@link #generateFromC(Path, String, String, String)} with {@code <events>} naming {@code events}. */
    static String generateFromC(Path dir, String file, String source, String cls, List<String> events) throws IOException {
        requireClang();
        Path src = Files.createDirectories(dir.resolve("src/main/bpf"));
        Files.writeString(src.resolve(file), source);
        Bpf2Java.Config c = new Bpf2Java.Config(src, List.of(), "com.example.bpf", dir.resolve("gen/java"),
                dir.resolve("gen/res"), dir.resolve("work"), null, List.of(), Path.of("/sys/kernel/btf/vmlinux"),
                null, events);
        new Bpf2Java(c, new Bpf2Java.Listener() {
            public void info(String m) {
            }

            public void warn(String m) {
            }

            public void error(String m) {
                throw new AssertionError(m);
            }
        }).run();
        return Files.readString(dir.resolve("gen/java/com/example/bpf/" + cls + ".java"));
    }
}
