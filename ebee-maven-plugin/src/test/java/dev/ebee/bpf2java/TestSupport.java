package dev.ebee.bpf2java;

import dev.ebee.testing.Kernel;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
}
