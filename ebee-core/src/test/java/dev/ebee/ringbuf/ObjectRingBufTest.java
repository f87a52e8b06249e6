package dev.ebee.ringbuf;

import dev.ebee.Collection;
import dev.ebee.ObjectFile;
import dev.ebee.TestObjects;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

/** The reader over a ring buffer of a compiled object (src/test/bpf/readers.c), as a tool uses it. */
@Tag("kernel")
class ObjectRingBufTest {
    @Test
    void readsEventsOfACompiledProgram() {
        Kernel.requireBpf();
        try (Collection objects = ObjectFile.open(TestObjects.path("readers")).load();
             RingBufReader reader = RingBufReader.open(objects.map("rb_events"));
             Arena arena = Arena.ofConfined()) {
            assertThat(reader.capacity()).isEqualTo(16 * 4096);
            MemorySegment args = arena.allocate(8, 8);
            args.set(JAVA_INT, 0, 10);
            args.set(JAVA_INT, 4, 3); // seq 0, 3, 6, 9 discarded
            int submitted = objects.program("rb_emit").testRun(args, dev.ebee.internal.sys.Bpf.attr(arena));
            assertThat(submitted).isEqualTo(6);

            List<Long> seqs = new ArrayList<>();
            long pid = ProcessHandle.current().pid();
            int n = reader.consume((data, offset, length) -> {
                assertThat(length).isEqualTo(24);
                assertThat(data.get(JAVA_INT, offset + 8)).isEqualTo((int) pid);
                byte[] tag = data.asSlice(offset + 12, 12).toArray(JAVA_BYTE);
                assertThat(new String(tag, StandardCharsets.US_ASCII)).isEqualTo("ebee-ringbuf");
                seqs.add(data.get(JAVA_LONG, offset));
            });
            assertThat(n).isEqualTo(6);
            assertThat(seqs).containsExactly(1L, 2L, 4L, 5L, 7L, 8L);
            assertThat(reader.discardedRecords()).isEqualTo(4);
        }
    }
}
