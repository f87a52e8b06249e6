package dev.ebee.features;

import dev.ebee.KernelRefusedException;
import dev.ebee.MapType;
import dev.ebee.ProgramType;
import dev.ebee.asm.Helper;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class FeaturesTest {
    final Features features = new Features();

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    @Test
    void commonMapTypesExist() {
        for (MapType t : new MapType[] {MapType.HASH, MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.LRU_HASH,
                MapType.PERF_EVENT_ARRAY, MapType.RINGBUF, MapType.QUEUE, MapType.STACK, MapType.LPM_TRIE,
                MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS, MapType.BLOOM_FILTER}) {
            assertThat(features.mapType(t).supported()).as("%s: %s", t, features.mapType(t).detail()).isTrue();
        }
        assertThat(features.hasRingbuf()).isTrue();
    }

    @Test
    void commonProgramTypesLoad() {
        for (ProgramType t : new ProgramType[] {ProgramType.SOCKET_FILTER, ProgramType.KPROBE, ProgramType.SCHED_CLS,
                ProgramType.TRACEPOINT, ProgramType.XDP, ProgramType.CGROUP_SKB, ProgramType.RAW_TRACEPOINT,
                ProgramType.CGROUP_SOCK_ADDR, ProgramType.SYSCALL, ProgramType.TRACING}) {
            assertThat(features.programType(t).supported()).as("%s: %s", t, features.programType(t).detail()).isTrue();
        }
        assertThat(features.programType(ProgramType.UNSPEC).supported()).isFalse();
    }

    @Test
    void helpersAreToldApart() {
        assertThat(features.hasHelper(ProgramType.TRACEPOINT, Helper.GET_CURRENT_PID_TGID)).isTrue();
        assertThat(features.hasHelper(ProgramType.TRACEPOINT, Helper.RINGBUF_OUTPUT)).isTrue();
        assertThat(features.hasHelper(ProgramType.XDP, Helper.MAP_LOOKUP_ELEM)).isTrue();
        // no kernel has helper 100000
        Features.Probe none = features.helper(ProgramType.TRACEPOINT, 100000);
        assertThat(none.supported()).isFalse();
        // bpf_skb_load_bytes (26) is for skb programs: XDP has its own
        Features.Probe skbInXdp = features.helper(ProgramType.XDP, 26);
        assertThat(skbInXdp.supported()).isFalse();
        assertThat(features.hasHelper(ProgramType.SCHED_CLS, 26)).isTrue();
    }

    @Test
    void pmusAndBtfMatchSysfs() {
        assertThat(features.hasKprobes()).isEqualTo(Files.exists(Path.of("/sys/bus/event_source/devices/kprobe/type")));
        assertThat(features.hasUprobes()).isEqualTo(Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/type")));
        assertThat(features.hasBtf()).isTrue();
        if (!features.hasKprobes()) {
            assertThatThrownBy(features::requireKprobes)
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("kprobes are not available: this kernel is built without CONFIG_KPROBES");
        }
    }

    @Test
    void linksOfThisKernel() {
        assertThat(features.perfEventLink().supported()).as(String.valueOf(features.perfEventLink().detail())).isTrue();
        assertThat(features.xdpLink().supported()).as(String.valueOf(features.xdpLink().detail())).isTrue();
        // tcx came in 6.6: a kernel without it must be told apart from a failing probe
        if (!features.tcxLink().supported()) {
            assertThat(features.tcxLink().detail()).contains("Linux 6.6").contains("EINVAL");
        }
        // USDT attachment (UsdtKernelTest) carries each site's spec index in the uprobe's cookie (Linux 5.15+)
        assertThat(features.uprobeCookies().supported()).as(String.valueOf(features.uprobeCookies().detail())).isTrue();
    }

    @Test
    void trampolineProbesAgreeWithALoad() {
        Features.Probe fentry = features.fentry();
        // a fentry program on a real function: loads exactly when the probe says so
        int fn = dev.ebee.link.LinkTestAccess.kernelBtfId("do_nanosleep", 12);
        assertThat(fn).isPositive();
        boolean loaded = dev.ebee.link.LinkTestAccess.loadsTracing(24, fn);
        assertThat(fentry.supported()).as(String.valueOf(fentry.detail())).isEqualTo(loaded);
        if (!fentry.supported()) {
            assertThat(fentry.detail()).contains("refuses");
        }
    }

    @Test
    void mmapableArraysOfThisKernel() {
        Features.Probe p = features.mmapableArrays();
        assertThat(p.supported()).as(String.valueOf(p.detail())).isTrue();
        assertThat(features.mmapableArrays()).isSameAs(p);
    }

    @Test
    void summaryOfThisKernel() {
        var summary = features.summary();
        summary.forEach(p -> System.out.printf("feature %-32s %s%s%n", p.feature(), p.supported() ? "yes" : "no",
                p.detail() == null ? "" : " (" + p.detail() + ")"));
        assertThat(summary).extracting(Features.Probe::feature).doesNotHaveDuplicates();
        assertThat(summary).filteredOn(p -> !p.supported()).allSatisfy(p -> assertThat(p.detail()).isNotBlank());
    }

    @Test
    void answersAreCachedPerInstance() {
        assertThat(features.mapType(MapType.HASH)).isSameAs(features.mapType(MapType.HASH));
        assertThat(Features.kernel()).isSameAs(Features.kernel());
    }

    @Test
    void privilegedProcessSeesKernelRefusal() {
        assertThat(Privileges.fullyPrivileged()).isTrue();
        assertThat(Privileges.explain("op", dev.ebee.Errno.EPERM, "fentry programs"))
                .isInstanceOf(KernelRefusedException.class)
                .hasMessageContaining("the kernel refuses fentry programs");
        assertThat(Privileges.explain("op", dev.ebee.Errno.EINVAL, "x"))
                .isNotInstanceOf(KernelRefusedException.class);
    }
}
