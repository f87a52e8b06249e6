package dev.ebee.cli.jvmgc;

import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** jvmgc's errors, before anything is loaded: one line and a non-zero exit. */
class JvmgcTest {
    static Run run(String... args) {
        return Run.of(new JvmgcCommand(c -> {
            throw new AssertionError("nothing may be attached");
        }), args);
    }

    @Test
    void aPidThatIsNotAJvm() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            Run r = run("-p", Long.toString(sleep.pid()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString()
                    .startsWith("ebee: process " + sleep.pid() + " maps no file libjvm.so");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void noSuchPidAndABadPid() {
        Run gone = run("-p", "999999999");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).startsWith("ebee: no process 999999999 (cannot read /proc/999999999/maps)");
        Run zero = run("-p", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("invalid value for -p: '0' (a process id)");
    }

    @Test
    void anIntervalNeedsTheHistogram() {
        Run r = run("-i", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("invalid value for --interval: '1.0' (seconds, more than 0, with --histogram)");
    }
}
