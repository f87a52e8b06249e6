package dev.ebee.cli.doctor;

import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorTest {
    @Test
    void hostValuesInWords() {
        assertThat(Host.lockdown("none [integrity] confidentiality")).startsWith("integrity");
        assertThat(Host.lockdown("[none] integrity confidentiality")).isEqualTo("none");
        assertThat(Host.lockdown(null)).startsWith("unknown");
        assertThat(Host.unprivileged("2")).startsWith("2: off");
        assertThat(Host.unprivileged(null)).startsWith("unknown");
        assertThat(Host.jit("0").ok()).isFalse();
        assertThat(Host.jit("1").detail()).isEqualTo("on");
        assertThat(Host.paranoid("3")).contains("CAP_SYS_ADMIN");
        assertThat(ToolNeeds.withParanoia(java.util.List.of(dev.ebee.features.Privileges.CAP_BPF,
                dev.ebee.features.Privileges.CAP_PERFMON), 3)).contains(dev.ebee.features.Privileges.CAP_SYS_ADMIN);
    }

    /** As root on a host with BPF, every tool can run: exit 0, and the JSON says the same. */
    @Test
    @Tag("kernel")
    @SuppressWarnings("unchecked")
    void rootHereRunsEveryTool() {
        Kernel.requireBpf();
        Run screen = Run.of(new DoctorCommand());
        assertThat(screen.exit()).as(screen.out()).isZero();
        assertThat(screen.out()).contains("Kernel features (probed)").contains("execsnoop      ready");

        Run json = Run.of(new DoctorCommand(), "--json");
        assertThat(json.exit()).isZero();
        Map<String, Object> doc = Json.object(json.out().replace("\n", " "));
        assertThat(doc).containsEntry("features_probed", true);
        assertThat((List<Map<String, Object>>) doc.get("tools")).hasSize(10)
                .allSatisfy(t -> assertThat(t).containsEntry("ready", true).containsEntry("missing", List.of()));
        assertThat((List<Map<String, Object>>) doc.get("host")).extracting(m -> m.get("name"))
                .contains("kernel", "BTF", "capabilities", "bpffs", "tracefs", "lockdown", "JIT");
    }
}
