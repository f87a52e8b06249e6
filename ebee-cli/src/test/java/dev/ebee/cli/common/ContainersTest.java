package dev.ebee.cli.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContainersTest {
    static final String ID = "4f1c2a9e8b7d".concat("0".repeat(52));

    @Test
    void theRuntimesNamings() {
        assertThat(Containers.shortId("/system.slice/docker-" + ID + ".scope")).isEqualTo("4f1c2a9e8b7d");
        assertThat(Containers.shortId("/kubepods.slice/kubepods-pod1.slice/cri-containerd-" + ID + ".scope")).isEqualTo("4f1c2a9e8b7d");
        assertThat(Containers.shortId("/machine.slice/libpod-" + ID + ".scope/container")).isEqualTo("4f1c2a9e8b7d");
        assertThat(Containers.shortId("/kubepods/besteffort/pod0/" + ID)).isEqualTo("4f1c2a9e8b7d");
        assertThat(Containers.shortId("/docker/" + ID)).isEqualTo("4f1c2a9e8b7d");
    }

    @Test
    void noContainer() {
        assertThat(Containers.shortId("/system.slice/cron.service")).isNull();
        assertThat(Containers.shortId("/")).isNull();
        assertThat(Containers.shortId(null)).isNull();
        assertThat(Containers.shortId("/machine.slice/crio-conmon-" + ID + ".scope")).isNull();
        assertThat(Containers.shortId("/x/docker-" + ID.substring(1) + ".scope")).isNull(); // 63 digits
    }
}
