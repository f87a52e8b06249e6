package dev.ebee.cli.jvmthreads;

import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** jvmthreads' errors, before anything is loaded: one line and a non-zero exit. */
class JvmthreadsTest {
    static Run run(String... args) {
        return Run.of(new JvmthreadsCommand(t -> {
            throw new AssertionError("nothing may be attached");
        }), args);
    }

    @Test
    void noSuchPidAndABadPid() {
        Run gone = run("-p", "999999999");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.errLines()).singleElement().asString().startsWith("ebee: no process 999999999 (cannot read /proc/999999999/maps)");
        Run zero = run("-p", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.errLines()).singleElement().asString().contains("invalid value for -p: '0' (a process id)");
    }

    @Test
    void aFieldTheTableLacks() {
        Run r = run("--fields", "name,comm");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .contains("no field 'comm' in this table; its fields: time,pid,tid,java_id,event,daemon,name");
    }
}
