package dev.ebee.cli.jvmclassload;

import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** jvmclassload's names and errors, before anything is loaded. */
class JvmclassloadTest {
    static Run run(String... args) {
        return Run.of(new JvmclassloadCommand(t -> {
            throw new AssertionError("nothing may be attached");
        }), args);
    }

    @Test
    void namesAsVerboseClassPrintsThem() {
        assertThat(JvmclassloadCommand.className("java/lang/String")).isEqualTo("java.lang.String");
        assertThat(JvmclassloadCommand.className("Extra")).isEqualTo("Extra");
        assertThat(JvmclassloadCommand.className("java/util/Map$Entry")).isEqualTo("java.util.Map$Entry");
        assertThat(JvmclassloadCommand.className("java/lang/invoke/LambdaForm$MH+0x0000000041054c00"))
                .isEqualTo("java.lang.invoke.LambdaForm$MH/0x0000000041054c00");
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
    void aPidThatIsNotAJvm() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            Run r = run("-p", Long.toString(sleep.pid()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString().startsWith("ebee: process " + sleep.pid() + " maps no file libjvm.so");
        } finally {
            sleep.destroyForcibly();
        }
    }
}
