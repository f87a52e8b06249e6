package dev.ebee.cli.jvmthreads;

import dev.ebee.cli.bpf.JvmthreadsBpf.ThreadEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JavaThreadJfrEventTest {
    @Test
    void fieldsFromTheRecord() {
        JavaThreadJfrEvent j = JavaThreadJfrEvent.of(new ThreadEvent(100, 105, 22, 0, 1, 0, 10, "ebee-test-2", 7_000_000_000L));
        assertThat(j.pid).isEqualTo(100);
        assertThat(j.tid).isEqualTo(105);
        assertThat(j.javaId).isEqualTo(22);
        assertThat(j.event).isEqualTo("stop");
        assertThat(j.daemon).isTrue();
        assertThat(j.name).isEqualTo("ebee-test-2");
    }

    @Test
    void kernelTimeIsTheProbesTimeOnTheWallClock() {
        JavaThreadJfrEvent j = JavaThreadJfrEvent.of(new ThreadEvent(100, 105, 22, 1, 0, 0, 4, "main", 7_000_000_000L));
        JavaThreadJfrEvent later = JavaThreadJfrEvent.of(new ThreadEvent(100, 105, 22, 0, 0, 0, 4, "main", 9_000_000_000L));
        assertThat(later.kernelTime - j.kernelTime).isEqualTo(2_000);
    }
}
