package dev.ebee.bpf2java;

import dev.ebee.testing.Kernel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The generated binding for kinds.bpf.c used against the kernel: C programs write and check
 * struct values byte by byte against the generated records, constants set through the spec reach
 * the program, the typed maps work, attachAll() attaches and events decode.
 */
@Tag("kernel")
class KernelRoundTripTest {
    @TempDir
    Path dir;

    private static String resource(String name) throws Exception {
        try (InputStream in = KernelRoundTripTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void generatedBindingAgreesWithCInTheKernel() throws Exception {
        Kernel.requireBpf();
        try (Compiled c = Compiled.compile(dir, Map.of(
                "test.gen.KindsBpf", TestSupport.generate(TestSupport.kindsModel(), "KindsBpf"),
                "test.gen.RoundTrip", resource("RoundTrip.java.txt"),
                "test.gen.KernelRoundTrip", resource("KernelRoundTrip.java.txt")))) {
            // the object next to the class, as the plugin packs it
            Files.write(dir.resolve("classes/test/gen/kinds.bpf.o"), TestSupport.kindsObject());
            c.run("test.gen.KernelRoundTrip");
        }
    }
}
