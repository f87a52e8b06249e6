package dev.ebee.internal.sys;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.features.Features;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class MappingTest {
    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
        Features.Probe p = Features.kernel().mmapableArrays();
        Kernel.require(p.supported(), "mmapable array maps (" + p.detail() + ")");
    }

    private static BpfMap mmapable() {
        return BpfMap.create(MapSpec.of("mapping_test", MapType.ARRAY, 4, 64, 1).withFlags(MapSpec.F_MMAPABLE));
    }

    /** Whether a mapping of a BPF map in /proc/self/maps starts at {@code address}. */
    private static boolean mapped(long address) throws IOException {
        String start = Long.toHexString(address) + "-";
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .anyMatch(l -> l.startsWith(start) && l.endsWith("bpf-map"));
    }

    @Test
    void closeUnmapsOnceAndStaleViewsThrow() throws IOException {
        try (BpfMap map = mmapable()) {
            Mapping m = Mapping.map("test map", map.fd(), Native.pageSize(), true);
            MemorySegment s = m.segment();
            s.set(ValueLayout.JAVA_LONG, 0, 42);
            assertThat(map.lookup(new byte[4])[0]).isEqualTo((byte) 42);
            assertThat(mapped(s.address())).isTrue();
            m.close();
            m.close();
            assertThat(mapped(s.address())).isFalse();
            assertThatThrownBy(() -> s.get(ValueLayout.JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aForgottenMappingIsUnmappedByTheSafetyNet() throws Exception {
        try (BpfMap map = mmapable()) {
            long address = forget(map);
            for (int i = 0; i < 100 && mapped(address); i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(mapped(address)).as("the cleaner unmapped it").isFalse();
        }
    }

    private static long forget(BpfMap map) throws IOException {
        Mapping m = Mapping.map("forgotten test map", map.fd(), Native.pageSize(), false);
        long address = m.segment().address();
        assertThat(mapped(address)).isTrue();
        assertThat(m.segment().isReadOnly()).isTrue();
        return address;
    }
}
