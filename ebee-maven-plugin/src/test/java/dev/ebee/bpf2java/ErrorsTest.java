package dev.ebee.bpf2java;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every failure bpf2java reports says what is wrong and where. */
class ErrorsTest {
    private static BpfObjectModel withEvent(CType.Struct s) {
        return new BpfObjectModel("t.bpf.c", List.of(), List.of(), List.of(), List.of(s));
    }

    private static String gen(BpfObjectModel m) {
        return new JavaGenerator(m, new JavaGenerator.Options("p", "TBpf", "t.bpf.o")).generate();
    }

    private static final CType.Int U32 = new CType.Int("__u32", 4, false, false, false);

    @Test
    void unmappableTypeNamesStructAndMember() {
        CType.Struct s = new CType.Struct("event", 24, false, List.of(
                new CType.Member("pid", U32, 0, 0),
                new CType.Member("total", new CType.Unsupported("long double", "128-bit floating point, in struct event member 'total'"), 64, 0)));
        assertThatThrownBy(() -> gen(withEvent(s)))
                .isInstanceOf(Bpf2JavaException.class)
                .hasMessageContaining("long double")
                .hasMessageContaining("struct event member 'total'");
    }

    @Test
    void unmappableTypeFromBtfNamesStructAndMember() {
        // __int128 has no Java mapping: the reader names struct and member
        CType.Struct s = new CType.Struct("wide", 16, false, List.of(
                new CType.Member("v", new CType.Int("__int128", 16, true, false, false), 0, 0)));
        assertThatThrownBy(() -> gen(withEvent(s)))
                .isInstanceOf(Bpf2JavaException.class)
                .hasMessageContaining("128-bit integer")
                .hasMessageContaining("struct wide.v");
    }

    @Test
    void bitfieldSpanningMoreThanEightBytesIsRefusedWithItsName() {
        CType.Struct s = new CType.Struct("packed", 16, false, List.of(
                new CType.Member("big", new CType.Int("__u64", 8, false, false, false), 4, 63)));
        assertThatThrownBy(() -> gen(withEvent(s)))
                .isInstanceOf(Bpf2JavaException.class)
                .hasMessageContaining("struct packed.big")
                .hasMessageContaining("bitfield");
    }

    @Test
    void missingEventStructSaysHowToEmitIt() {
        assertThatThrownBy(() -> ModelBuilder.read("kinds.bpf.c", TestSupport.kindsObject(), List.of("nope")))
                .isInstanceOf(Bpf2JavaException.class)
                .hasMessageContaining("'nope'")
                .satisfies(e -> assertThat(((Bpf2JavaException) e).hint()).contains("struct nope *unused_nope"));
    }

    @Test
    void notAnElfObject() {
        assertThatThrownBy(() -> ModelBuilder.read("x.o", "not an object".getBytes(), List.of()))
                .isInstanceOf(Bpf2JavaException.class)
                .hasMessageContaining("x.o");
    }

    @Test
    void truncatedObjectIsATypedError() {
        byte[] obj = TestSupport.kindsObject();
        for (int len : new int[] {0, 16, 64, obj.length / 2, obj.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(obj, len);
            assertThatThrownBy(() -> ModelBuilder.read("cut.o", cut, List.of()))
                    .as("length %d", len).isInstanceOf(dev.ebee.EbeeException.class);
        }
    }

    @Test
    void corruptedObjectsGiveTypedErrorsOnly() {
        byte[] obj = TestSupport.kindsObject();
        java.util.Random rnd = new java.util.Random(42);
        int generated = 0;
        for (int round = 0; round < 600; round++) {
            byte[] bad = obj.clone();
            for (int n = 1 + rnd.nextInt(8); n > 0; n--) {
                bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            }
            try {
                BpfObjectModel m = ModelBuilder.read("bad.o", bad, List.of());
                new JavaGenerator(m, new JavaGenerator.Options("p", "BadBpf", "bad.o")).generate();
                generated++;
            } catch (dev.ebee.EbeeException e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("round " + round + ": " + e, e);
            }
        }
        // most single-byte damage lands in code or strings and still generates
        assertThat(generated).isPositive();
    }

    @Test
    void clangNotFoundNamesTheDebianPackages(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThatThrownBy(() -> Clang.find(null, empty.toString(), List.of(empty)))
                .isInstanceOf(Bpf2JavaException.class)
                .hasMessageContaining("clang not found")
                .satisfies(e -> assertThat(((Bpf2JavaException) e).hint()).contains("apt-get install clang-19 libbpf-dev"));
        assertThatThrownBy(() -> Clang.find("/nonexistent/clang", null))
                .isInstanceOf(Bpf2JavaException.class)
                .satisfies(e -> assertThat(((Bpf2JavaException) e).hint()).contains("apt-get install clang-19 libbpf-dev"));
    }

    @Test
    void clangFoundOnPath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path fake = dir.resolve("clang");
        Files.writeString(fake, "#!/bin/sh\n");
        fake.toFile().setExecutable(true);
        assertThat(Clang.find(null, "/nonexistent:" + dir)).isEqualTo(fake);
        assertThat(Clang.find("clang", dir.toString())).isEqualTo(fake);
    }

    @Test
    void badPackageName() {
        assertThatThrownBy(() -> Bpf2Java.checkPackage("com.example.class")).hasMessageContaining("keyword");
        assertThatThrownBy(() -> Bpf2Java.checkPackage("com-example")).isInstanceOf(Bpf2JavaException.class);
        assertThat(Bpf2Java.checkPackage("com.example.bpf")).isEqualTo("com.example.bpf");
    }
}
