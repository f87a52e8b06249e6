package dev.ebee.cli.bashreadline;

import dev.ebee.cli.bpf.BashreadlineBpf.ReadlineEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BashReadlineJfrEventTest {
    @Test
    void fieldsFromTheRecord() {
        BashReadlineJfrEvent j = BashReadlineJfrEvent.of(new ReadlineEvent(77, 4_000_000_000L, 0L, "bash", "ls -l"));
        assertThat(j.pid).isEqualTo(77);
        assertThat(Integer.toUnsignedLong(j.uid)).isEqualTo(4_000_000_000L);
        assertThat(j.comm).isEqualTo("bash");
        assertThat(j.line).isEqualTo("ls -l");
    }
}
