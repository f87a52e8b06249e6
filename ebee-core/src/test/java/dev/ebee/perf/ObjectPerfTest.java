package dev.ebee.perf;

import dev.ebee.Collection;
import dev.ebee.ObjectFile;
import dev.ebee.Program;
import dev.ebee.TestObjects;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Cpus;
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
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

/** The reader over a perf event array of a compiled object (src/test/bpf/readers.c), as a tool uses it. */
@Tag("kernel")
class ObjectPerfTest {
    private static int runOnCpu(Program prog, int cpu, long arg0) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctx = arena.allocate(8, 8);
            ctx.set(JAVA_LONG, 0, arg0);
            MemorySegment a = Bpf.attr(arena);
            a.set(JAVA_INT, Bpf.Attr.TEST_PROG_FD, prog.fd());
            a.set(JAVA_INT, Bpf.Attr.TEST_CTX_SIZE_IN, 8);
            a.set(JAVA_LONG, Bpf.Attr.TEST_CTX_IN, ctx.address());
            a.set(JAVA_INT, Bpf.Attr.TEST_FLAGS, PerfProgs.TEST_RUN_ON_CPU);
            a.set(JAVA_INT, Bpf.Attr.TEST_CPU, cpu);
            Bpf.call("BPF_PROG_TEST_RUN perf_emit", Bpf.PROG_TEST_RUN, a);
            return a.get(JAVA_INT, Bpf.Attr.TEST_RETVAL);
        }
    }

    @Test
    void readsEventsOfACompiledProgramOnEveryCpu() {
        Kernel.requireBpf();
        try (Collection objects = ObjectFile.open(TestObjects.path("readers")).load();
             PerfReader reader = PerfReader.open(objects.map("perf_events"))) {
            assertThat(objects.map("perf_events").maxEntries()).isEqualTo(Cpus.possible().length());
            Program emit = objects.program("perf_emit");
            int[] cpus = reader.cpus();
            for (int cpu : cpus) {
                assertThat(runOnCpu(emit, cpu, 100 + cpu)).isZero();
            }
            List<long[]> got = new ArrayList<>();
            int n = reader.consume((cpu, data, offset, length) -> {
                assertThat(length).isEqualTo(28); // 24 bytes, padded so that 8 + 4 + raw is a multiple of 8
                // no pid check: a run on another CPU executes in whatever task that CPU interrupted
                byte[] tag = data.asSlice(offset + 12, 12).toArray(JAVA_BYTE);
                assertThat(new String(tag, StandardCharsets.US_ASCII)).isEqualTo("ebee-perfbuf");
                got.add(new long[] {cpu, data.get(JAVA_LONG_UNALIGNED, offset)});
            });
            assertThat(n).isEqualTo(cpus.length);
            for (long[] g : got) {
                assertThat(g[1]).isEqualTo(100 + g[0]);
            }
        }
    }
}
