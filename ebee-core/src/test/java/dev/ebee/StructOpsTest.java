package dev.ebee;

import dev.ebee.btf.BtfType;
import dev.ebee.btf.KernelBtf;
import dev.ebee.link.Link;
import dev.ebee.link.StructOps;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** struct_ops maps: a TCP congestion control registered while its link lives (struct_ops.c). */
class StructOpsTest {
    private static final Path AVAILABLE = Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control");

    @Test
    void structOpsSectionsAreMapsWithTheirPrograms() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("struct_ops"));
        assertThat(spec.map("ebee_cc").type()).isEqualTo(MapType.STRUCT_OPS);
        assertThat(spec.map("ebee_cc_legacy").type()).isEqualTo(MapType.STRUCT_OPS);
        CollectionSpec.StructOps cc = spec.structOps().get("ebee_cc");
        assertThat(cc.section()).isEqualTo(".struct_ops.link");
        assertThat(cc.programs()).containsEntry("ssthresh", "ebee_ssthresh").containsEntry("cong_avoid", "ebee_cong_avoid")
                .containsEntry("undo_cwnd", "ebee_undo_cwnd").hasSize(3);
        assertThat(spec.structOps().get("ebee_cc_legacy").section()).isEqualTo(".struct_ops");
        assertThat(spec.program("ebee_ssthresh").type()).isEqualTo(ProgramType.STRUCT_OPS);
    }

    @Test
    @Tag("kernel")
    void aTcpCongestionControlIsAvailableWhileItsLinkLives() throws IOException {
        Kernel.requireBpf();
        Kernel.require(Files.exists(AVAILABLE), "TCP congestion control sysctls (" + AVAILABLE + ")");
        CollectionSpec spec = ObjectFile.open(TestObjects.path("struct_ops"));
        if (KernelBtf.vmlinux().typeId("bpf_struct_ops_link", BtfType.KIND_STRUCT).isEmpty()) {
            // a kernel without struct_ops links (before 6.4): tested through its error, as kprobes are
            assertThatThrownBy(spec::load).isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("BPF_F_LINK on struct_ops map ebee_cc");
            return;
        }
        try (Collection c = spec.load()) {
            assertThat(available()).doesNotContain("ebee_test_cc", "ebee_test_cc2"); // loaded is not registered
            try (Link link = StructOps.attach(c.map("ebee_cc"))) {
                assertThat(link.info().type()).isEqualTo(dev.ebee.link.LinkType.STRUCT_OPS);
                assertThat(available()).contains("ebee_test_cc").doesNotContain("ebee_test_cc2");
            }
            assertThat(available()).doesNotContain("ebee_test_cc");
            try (Attachments all = c.attachAll()) {
                assertThat(all.size()).isEqualTo(2);
                assertThat(available()).contains("ebee_test_cc", "ebee_test_cc2");
            }
            assertThat(available()).doesNotContain("ebee_test_cc", "ebee_test_cc2");
        }
    }

    @Test
    @Tag("kernel")
    void aMapWithoutTheLinkFlagRegistersByItsUpdateUntilClosed() throws IOException {
        Kernel.requireBpf();
        Kernel.require(Files.exists(AVAILABLE), "TCP congestion control sysctls (" + AVAILABLE + ")");
        CollectionSpec spec = ObjectFile.open(TestObjects.path("struct_ops"));
        spec.putMap(spec.map("ebee_cc_legacy").withFlags(0)); // as ebee creates .struct_ops maps on kernels before 6.4
        spec.putMap(spec.map("ebee_cc").withFlags(0));
        try (Collection c = spec.load()) {
            assertThat(available()).doesNotContain("ebee_test_cc2"); // the value waits for the registration
            try (Link reg = c.attachStructOps("ebee_cc_legacy")) {
                assertThat(reg).isInstanceOf(dev.ebee.link.StructOpsUpdate.class);
                assertThat(available()).contains("ebee_test_cc2");
            }
            assertThat(available()).doesNotContain("ebee_test_cc2");
        }
    }

    private static List<String> available() throws IOException {
        return List.of(Files.readString(AVAILABLE).trim().split("\\s+"));
    }
}
