package dev.ebee.cli.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class Cgroup2Test {
    @Test
    void theFirstCgroup2MountOfMountinfoWithItsEscapes(@TempDir Path tmp) throws Exception {
        Path info = Files.writeString(tmp.resolve("mountinfo"), """
                22 1 0:21 / /sys rw,nosuid shared:7 - sysfs sysfs rw
                30 22 0:26 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
                35 22 0:31 / /sys/fs/cgroup/my\\040unified rw,relatime shared:9 master:2 - cgroup2 cgroup2 rw
                """);
        assertThat(Cgroup2.mountPoint(info)).contains(Path.of("/sys/fs/cgroup/my unified"));
        Files.writeString(info, "30 22 0:26 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n");
        assertThat(Cgroup2.mountPoint(info)).isEmpty();
        assertThat(Cgroup2.mountPoint(tmp.resolve("absent"))).isEmpty();
    }
}
