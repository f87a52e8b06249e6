package dev.ebee.internal.sys;

import dev.ebee.SyscallException;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerfEventTest {
    @Test
    void attrLayout() {
        PerfEventAttr attr = PerfEventAttr.builder(PerfEvent.TYPE_SOFTWARE, PerfEvent.COUNT_SW_BPF_OUTPUT)
                .samplePeriod(1).sampleType(PerfEvent.SAMPLE_RAW).wakeupWatermark(4096)
                .config1(0x1122).config2(0x3344).flag(PerfEventAttr.FLAG_DISABLED).build();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(PerfEventAttr.SIZE, 8);
            s.fill((byte) 0x5a);
            attr.writeTo(s);
            assertThat(s.get(JAVA_INT, 0)).isEqualTo(1);
            assertThat(s.get(JAVA_INT, 4)).isEqualTo(128);
            assertThat(s.get(JAVA_LONG, 8)).isEqualTo(10);
            assertThat(s.get(JAVA_LONG, 16)).isEqualTo(1);
            assertThat(s.get(JAVA_LONG, 24)).isEqualTo(1 << 10);
            assertThat(s.get(JAVA_LONG, 40)).isEqualTo(1L | (1L << 14));
            assertThat(s.get(JAVA_INT, 48)).isEqualTo(4096);
            assertThat(s.get(JAVA_LONG, 56)).isEqualTo(0x1122);
            assertThat(s.get(JAVA_LONG, 64)).isEqualTo(0x3344);
            assertThat(s.get(JAVA_LONG, 120)).isZero();
        }
        assertThat(PerfEventAttr.builder(1, 10).wakeupWatermark(8).wakeupEvents(1).build().flags()).isZero();
    }

    @Test
    @Tag("kernel")
    void opensEnablesAndDisablesASoftwareEvent() {
        Kernel.requireBpf();
        PerfEventAttr attr = PerfEventAttr.builder(PerfEvent.TYPE_SOFTWARE, PerfEvent.COUNT_SW_BPF_OUTPUT)
                .samplePeriod(1).sampleType(PerfEvent.SAMPLE_RAW).wakeupEvents(1)
                .flag(PerfEventAttr.FLAG_DISABLED).build();
        try (Fd fd = PerfEvent.openOwned(attr, -1, 0, -1, "bpf output event")) {
            assertThat(fd.get()).isPositive();
            PerfEvent.enable(fd.get());
            PerfEvent.disable(fd.get());
        }
    }

    @Test
    @Tag("kernel")
    void badCpuIsATypedError() {
        Kernel.requireBpf();
        PerfEventAttr attr = PerfEventAttr.builder(PerfEvent.TYPE_SOFTWARE, PerfEvent.COUNT_SW_BPF_OUTPUT).build();
        assertThatThrownBy(() -> PerfEvent.open(attr, -1, 100_000, -1, PerfEvent.FLAG_FD_CLOEXEC))
                .isInstanceOf(SyscallException.class).hasMessageContaining("perf_event_open");
    }

    @Test
    void parsesPmuFormatFields() {
        assertThat(PerfEvent.FormatField.parse("config:0\n")).isEqualTo(new PerfEvent.FormatField("config", 0, 0));
        PerfEvent.FormatField ref = PerfEvent.FormatField.parse("config:32-63");
        assertThat(ref).isEqualTo(new PerfEvent.FormatField("config", 32, 63));
        assertThat(ref.encode(0x1234)).isEqualTo(0x1234L << 32);
        assertThat(PerfEvent.FormatField.parse("config1:0-63").encode(-1)).isEqualTo(-1L);
        assertThat(PerfEvent.FormatField.parse("config:0").encode(3)).isEqualTo(1);
        for (String bad : new String[] {"", "config", "config:", "config:64", "config:5-2", "other:1", "config:a"}) {
            assertThat(PerfEvent.FormatField.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    @Tag("kernel")
    void readsTheUprobePmu() {
        Kernel.requireBpf();
        Kernel.require(java.nio.file.Files.exists(java.nio.file.Path.of("/sys/bus/event_source/devices/uprobe")),
                "the uprobe PMU");
        assertThat(PerfEvent.dynamicPmuType("uprobe")).isPositive();
        assertThat(PerfEvent.pmuFormat("uprobe", "retprobe")).isEqualTo(new PerfEvent.FormatField("config", 0, 0));
        assertThatThrownBy(() -> PerfEvent.pmuFormat("uprobe", "no_such_field"))
                .isInstanceOf(UnsupportedFeatureException.class);
        assertThatThrownBy(() -> PerfEvent.dynamicPmuType("no_such_pmu"))
                .isInstanceOf(UnsupportedFeatureException.class);
    }
}
