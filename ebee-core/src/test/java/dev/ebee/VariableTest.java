package dev.ebee;

import dev.ebee.features.Features;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Globals of globals.c, changed from Java while its program stays loaded and run with BPF_PROG_TEST_RUN. */
@Tag("kernel")
class VariableTest {
    private static final byte[] CTX = new byte[8];

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    private static void requireMapping() {
        Features.Probe p = Features.kernel().mmapableArrays();
        Kernel.require(p.supported(), "mmapable array maps (" + p.detail() + ")");
    }

    private static Collection load() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("globals"));
        spec.setConstant("offset_by", 1000);
        return spec.load();
    }

    private static void run(Collection c) {
        assertThat(c.program("copy").testRun(null, CTX, 1).retval()).isZero();
    }

    /** The line of /proc/self/maps whose range holds {@code address}, if any. */
    private static Optional<String> mappingOf(long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            long start = Long.parseUnsignedLong(range[0], 16), end = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    @Test
    void theProgramReadsWhatJavaWritesAndJavaReadsWhatItWrote() {
        requireMapping();
        try (Collection c = load()) {
            Variable input = c.variable("input"), output = c.variable("output");
            assertThat(input.isMapped()).isTrue();
            assertThat(input.section()).isEqualTo(".bss");
            assertThat(input.size()).isEqualTo(8);
            assertThat(input.isReadOnly()).isFalse();
            for (long v : new long[] {41, -7, Long.MAX_VALUE - 1000}) {
                input.setLong(v);
                run(c);
                assertThat(output.getLong()).isEqualTo(v + 1000);
            }
            c.variable("small").setShort((short) -300);
            c.variable("flag").setByte((byte) 7);
            run(c);
            assertThat(c.variable("widened").getLong()).isEqualTo(-293);
            assertThat(c.variable("small").getShort()).isEqualTo((short) -300);
            assertThat(c.variable("runs").getInt()).isEqualTo(4);
            input.set(new byte[] {5, 0, 0, 0, 0, 0, 0, 1});
            run(c);
            assertThat(output.toByteArray()).containsExactly((byte) (5 + 1000 % 256), (byte) (1000 / 256), 0, 0, 0, 0, 0, 1);
        }
    }

    @Test
    void accessesTouchTheMapsMemoryWithoutASyscall() throws IOException {
        requireMapping();
        try (Collection c = load()) {
            Variable input = c.variable("input"), output = c.variable("output");
            MemorySegment segment = input.segment();
            assertThat(segment.byteSize()).isEqualTo(8);
            assertThat(mappingOf(segment.address())).hasValueSatisfying(line ->
                    assertThat(line).contains("rw-s").endsWith("anon_inode:bpf-map"));
            // with the map's descriptor gone no lookup or update could run: the mapping still serves
            c.map(".bss").close();
            input.setLong(5);
            run(c);
            assertThat(output.getLong()).isEqualTo(1005);
            // the segment is the same memory: the program sees a write through it
            segment.set(ValueLayout.JAVA_LONG, 0, 6);
            run(c);
            assertThat(output.getLong()).isEqualTo(1006);
        }
    }

    @Test
    void atomicUpdatesRaceTheProgramAndLoseNothing() {
        requireMapping();
        int n = 3000;
        try (Collection c = load()) {
            Variable runs = c.variable("runs");
            CompletableFuture<Void> program = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < n; i++) {
                    run(c);
                }
            });
            int adds = 0;
            while (!program.isDone() || adds < n) {
                runs.getAndAddInt(1);
                adds++;
            }
            program.join();
            assertThat(runs.getInt()).isEqualTo(n + adds);
            assertThat(runs.compareAndSetInt(n + adds, 1)).isTrue();
            assertThat(runs.compareAndSetInt(n + adds, 2)).isFalse();
            assertThat(runs.getInt()).isEqualTo(1);
            Variable output = c.variable("output");
            output.setLong(10);
            assertThat(output.getAndAddLong(5)).isEqualTo(10);
            assertThat(output.compareAndSetLong(15, -1)).isTrue();
            assertThat(output.getLong()).isEqualTo(-1);
        }
    }

    @Test
    void rodataIsReadOnlyAfterLoad() throws IOException {
        requireMapping();
        try (Collection c = load()) {
            Variable offsetBy = c.variable("offset_by");
            assertThat(offsetBy.isReadOnly()).isTrue();
            assertThat(offsetBy.section()).isEqualTo(".rodata");
            assertThat(offsetBy.getLong()).isEqualTo(1000);
            assertThatThrownBy(() -> offsetBy.setLong(1)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("offset_by").hasMessageContaining("read-only");
            assertThatThrownBy(() -> offsetBy.set(new byte[8])).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("read-only");
            assertThatThrownBy(() -> offsetBy.getAndAddLong(1)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("read-only");
            MemorySegment segment = offsetBy.segment();
            assertThat(segment.isReadOnly()).isTrue();
            assertThatThrownBy(() -> segment.set(ValueLayout.JAVA_LONG, 0, 1)).hasMessageContaining("read-only");
            // mapped read-only by the kernel too, after the freeze
            assertThat(mappingOf(segment.address())).hasValueSatisfying(line ->
                    assertThat(line).contains("r--s").endsWith("anon_inode:bpf-map"));
            assertThat(offsetBy.getLong()).isEqualTo(1000);
        }
    }

    @Test
    void anAbsentVariableIsNamedWithThoseThereAre() {
        requireMapping();
        try (Collection c = load()) {
            assertThatThrownBy(() -> c.variable("nope")).isInstanceOfSatisfying(EbeeException.class, e -> {
                assertThat(e.getMessage()).contains("globals").contains("no global variable nope");
                assertThat(e.hint()).contains("input").contains("output").contains("offset_by").contains("word");
            });
        }
    }

    @Test
    void sizesAndAlignmentAreChecked() {
        requireMapping();
        try (Collection c = load()) {
            assertThatThrownBy(() -> c.variable("input").getInt()).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("variable input (.bss) has 8 bytes, not the 4 of a int");
            assertThatThrownBy(() -> c.variable("runs").setLong(1)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("4 bytes");
            assertThatThrownBy(() -> c.variable("input").set(new byte[4])).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("got 4");
            Variable word = c.variable("word");
            assertThat(ObjectFile.open(TestObjects.path("globals")).variable("word").offset() % 4).isNotZero();
            assertThat(word.getInt()).isEqualTo(le32("abc\0"));
            word.setInt(le32("xyz\0"));
            assertThat(new String(word.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("xyz\0");
            assertThatThrownBy(() -> word.getAndAddInt(1)).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("not 4-byte aligned");
        }
    }

    @Test
    void theMappingGoesWithTheCollection() throws IOException {
        requireMapping();
        Collection c = load();
        Variable input = c.variable("input");
        MemorySegment segment = input.segment();
        long address = segment.address();
        assertThat(mappingOf(address)).hasValueSatisfying(line -> assertThat(line).endsWith("bpf-map"));
        c.close();
        assertThatThrownBy(() -> segment.get(ValueLayout.JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(input::getLong).isInstanceOf(IllegalStateException.class);
        assertThat(mappingOf(address)).isEmpty();
    }

    @Test
    void syscallCopiesOfferTheSameAccess() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("globals"));
        spec.setConstant("offset_by", 1000);
        try (Collection c = spec.load()) {
            // what a kernel without mmapable arrays gets: the section reached through lookups and updates
            SectionMemory copies = new SectionMemory.Copied(c.map(".bss"), false, "as a kernel before 5.5 would");
            Variable input = new Variable(spec.variable("input"), copies);
            Variable output = new Variable(spec.variable("output"), copies);
            Variable runs = new Variable(spec.variable("runs"), copies);
            assertThat(input.isMapped()).isFalse();
            input.setLong(42);
            runs.setInt(10);
            run(c);
            assertThat(output.getLong()).isEqualTo(1042);
            assertThat(runs.getInt()).isEqualTo(11);
            assertThat(c.variable("output").getLong()).as("the mapped view agrees").isEqualTo(1042);
            input.set(new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
            assertThat(input.toByteArray()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
            assertThat(c.variable("input").getLong()).isEqualTo(1);
            assertThatThrownBy(() -> runs.getAndAddInt(1)).isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("an atomic update of variable runs").hasMessageContaining("kernel before 5.5");
            assertThatThrownBy(input::segment).isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("a memory segment of variable input");
        }
    }

    /** Four ASCII characters as the little-endian int a C char[4] holds. */
    private static int le32(String four) {
        return ByteBuffer.wrap(four.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
