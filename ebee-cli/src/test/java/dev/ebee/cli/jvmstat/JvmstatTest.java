package dev.ebee.cli.jvmstat;

import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** jvmstat's errors, before anything is loaded: one line and a non-zero exit. */
class JvmstatTest {
    static Run run(String... args) {
        return Run.of(new JvmstatCommand(c -> {
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
    void badValues() {
        Run zero = run("-p", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("invalid value for -p: '0' (a process id)");
        Run interval = run("-i", "0");
        assertThat(interval.exit()).isEqualTo(2);
        assertThat(interval.err()).contains("invalid value for --interval: '0.0' (seconds, more than 0)");
        Run fields = run("--fields", "gcs,bogus");
        assertThat(fields.exit()).isEqualTo(2);
        assertThat(fields.err()).contains("no field 'bogus' in this table");
    }
}
