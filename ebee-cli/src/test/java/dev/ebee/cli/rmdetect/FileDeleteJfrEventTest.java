package dev.ebee.cli.rmdetect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileDeleteJfrEventTest {
    @Test
    void fieldsFromTheRecordAndTheResolvedPath() {
        RmEvent e = new RmEvent(7, 3, 1000, 42L, -13, RmEvent.AT_FDCWD, 0x200, RmEvent.Syscall.UNLINKAT, true,
                RmEvent.DirState.OK, "rm", "d", List.of("tmp"));
        FileDeleteJfrEvent j = FileDeleteJfrEvent.of(e, "/tmp/d");
        assertThat(j.pid).isEqualTo(7);
        assertThat(j.ppid).isEqualTo(3);
        assertThat(j.uid).isEqualTo(1000);
        assertThat(j.comm).isEqualTo("rm");
        assertThat(j.cgroupId).isEqualTo(42L);
        assertThat(j.path).isEqualTo("/tmp/d");
        assertThat(j.syscall).isEqualTo("unlinkat");
        assertThat(j.directory).isTrue();
        assertThat(j.ret).isEqualTo(-13);
    }
}
