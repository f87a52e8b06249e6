package dev.ebee.fs;

import dev.ebee.TracepointNotFoundException;
import dev.ebee.EbeeException;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FsTest {
    @Test
    void parsesMountTableWithEscapes() {
        List<Mounts.Mount> m = Mounts.parse(List.of(
                "tracefs /sys/kernel/tracing tracefs rw,nosuid 0 0",
                "bpf /sys/fs/my\\040pins bpf rw 0 0",
                "garbage",
                ""));
        assertThat(m).hasSize(2);
        assertThat(m.get(0).type()).isEqualTo("tracefs");
        assertThat(m.get(1).target()).isEqualTo(Path.of("/sys/fs/my pins"));
        assertThat(Mounts.unescape("a\\134b\\0")).isEqualTo("a\\b\\0");
    }

    @Test
    @Tag("kernel")
    void tracefsIsFoundOrMounted() {
        Kernel.requireBpf();
        Located l = TraceFs.locate();
        assertThat(Files.isDirectory(l.path().resolve("events"))).isTrue();
        assertThat(TraceFs.find()).contains(l.path());
        int id = TraceFs.tracepointId("sched", "sched_process_exec");
        assertThat(id).isPositive();
        assertThat(TraceFs.hasTracepoint("sched", "sched_process_exec")).isTrue();
        assertThat(TraceFs.hasTracepoint("sched", "nope_ebee")).isFalse();
        assertThatThrownBy(() -> TraceFs.tracepointId("sched", "nope_ebee"))
                .isInstanceOf(TracepointNotFoundException.class)
                .hasMessageContaining("unknown tracepoint sched:nope_ebee");
        assertThatThrownBy(() -> TraceFs.tracepointId("../..", "id"))
                .isInstanceOf(TracepointNotFoundException.class);
    }

    @Test
    @Tag("kernel")
    void bpffsIsFoundOrMountedAndPinsRoundTrip() throws Exception {
        Kernel.requireBpf();
        Path root = BpfFs.path();
        assertThat(BpfFs.isOnBpfFs(root)).isTrue();
        assertThat(BpfFs.isOnBpfFs(Path.of("/tmp"))).isFalse();
        Path pin = root.resolve("ebee-fs-test-" + ProcessHandle.current().pid());
        try (var map = dev.ebee.BpfMap.create(dev.ebee.MapSpec.of("fs_test", dev.ebee.MapType.ARRAY, 4, 4, 1))) {
            BpfFs.pin(map.fd(), pin);
            int fd = BpfFs.open(pin);
            dev.ebee.internal.sys.Native.close(fd);
        } finally {
            assertThat(BpfFs.unpin(pin)).isTrue();
        }
        assertThat(BpfFs.unpin(pin)).isFalse();
        assertThatThrownBy(() -> BpfFs.pin(0, Path.of("/tmp/ebee-not-bpffs")))
                .isInstanceOf(EbeeException.class).hasMessageContaining("not on a bpffs");
        assertThatThrownBy(() -> BpfFs.open(root.resolve("ebee-nothing-here")))
                .isInstanceOf(EbeeException.class).hasMessageContaining("nothing is pinned");
    }
}
