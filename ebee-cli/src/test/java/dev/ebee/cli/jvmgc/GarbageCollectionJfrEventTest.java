package dev.ebee.cli.jvmgc;

import dev.ebee.cli.bpf.JvmgcBpf.GcEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GarbageCollectionJfrEventTest {
    @Test
    void fieldsFromTheRecord() {
        GarbageCollectionJfrEvent j = GarbageCollectionJfrEvent.of(new GcEvent(100, 101, 2_500_000, 1, 0, "VM Thread", 0L));
        assertThat(j.pid).isEqualTo(100);
        assertThat(j.tid).isEqualTo(101);
        assertThat(j.comm).isEqualTo("VM Thread");
        assertThat(j.full).isTrue();
        assertThat(j.pause).isEqualTo(2_500_000);
    }

    @Test
    void kernelTimeIsThePausesStartOnTheWallClock() {
        long start = 7_000_000_000L;
        GarbageCollectionJfrEvent j = GarbageCollectionJfrEvent.of(new GcEvent(100, 101, 2_500_000, 1, 0, "VM Thread", start));
        GarbageCollectionJfrEvent later = GarbageCollectionJfrEvent.of(
                new GcEvent(100, 101, 2_500_000, 1, 0, "VM Thread", start + 5_000_000_000L));
        assertThat(later.kernelTime - j.kernelTime).isEqualTo(5_000);
    }
}
