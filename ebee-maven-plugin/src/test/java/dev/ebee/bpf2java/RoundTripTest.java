package dev.ebee.bpf2java;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Compiles the binding generated for kinds.bpf.c (with -Xlint:all -Werror) and runs
 * RoundTrip.java.txt against it: encode to the C layout, decode back, errors for bad input.
 */
class RoundTripTest {
    @TempDir
    Path dir;

    @Test
    void generatedRecordsEncodeToTheCLayoutAndDecodeBack() throws Exception {
        String driver;
        try (InputStream in = RoundTripTest.class.getResourceAsStream("RoundTrip.java.txt")) {
            driver = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Compiled c = Compiled.compile(dir, Map.of(
                "test.gen.KindsBpf", TestSupport.generate(TestSupport.kindsModel(), "KindsBpf"),
                "test.gen.RoundTrip", driver))) {
            c.run("test.gen.RoundTrip");
        }
    }
}
