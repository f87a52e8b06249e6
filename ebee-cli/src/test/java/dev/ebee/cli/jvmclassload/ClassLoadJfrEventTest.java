package dev.ebee.cli.jvmclassload;

import dev.ebee.cli.bpf.JvmclassloadBpf.ClassEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassLoadJfrEventTest {
    @Test
    void fieldsFromTheRecord() {
        ClassLoadJfrEvent j = ClassLoadJfrEvent.of(new ClassEvent(100, 101, 0x7f6eec0913d0L, 1, 1, 0, 16, "java/lang/String", 7_000_000_000L));
        assertThat(j.pid).isEqualTo(100);
        assertThat(j.tid).isEqualTo(101);
        assertThat(j.event).isEqualTo("load");
        assertThat(j.className).isEqualTo("java.lang.String");
        assertThat(j.loader).isEqualTo(0x7f6eec0913d0L);
        assertThat(j.shared).isTrue();
    }
}
