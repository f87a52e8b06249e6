package dev.ebee;

import dev.ebee.btf.BtfType;
import dev.ebee.perf.PerfReader;
import dev.ebee.ringbuf.RingBufReader;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event maps declared the cilium/ebpf way, {@code __type(value, struct event)} on a ring buffer and
 * on a perf event array (src/test/bpf/cilium_events.c): the declared struct is the event type, the
 * kernel gets the layout it accepts.
 */
class EventMapDeclarationTest {
    private static final int EVENT_SIZE = 84;

    @Test
    void theDeclaredValueIsTheEventTypeAndTheLayoutIsTheKernels() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("cilium_events"));
        MapSpec ring = spec.map("rb_events");
        assertThat(List.of(ring.keySize(), ring.valueSize(), ring.btfKeyTypeId(), ring.btfValueTypeId()))
                .containsOnly(0);
        assertThat(ring.maxEntries()).isEqualTo(1 << 24);
        MapSpec perf = spec.map("perf_events");
        assertThat(List.of(perf.keySize(), perf.valueSize())).containsOnly(4);
        assertThat(List.of(perf.btfKeyTypeId(), perf.btfValueTypeId())).containsOnly(0);
        for (MapSpec m : List.of(ring, perf)) {
            BtfType event = spec.btf().type(m.eventTypeId());
            assertThat(event).isInstanceOf(BtfType.Struct.class);
            assertThat(((BtfType.Struct) event).name()).isEqualTo("event");
            assertThat(((BtfType.Struct) event).size()).isEqualTo(EVENT_SIZE);
        }
    }

    @Test
    void mapsWithoutADeclaredStructHaveNoEventType() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("readers"));
        assertThat(spec.map("rb_events").eventTypeId()).isZero();
        assertThat(spec.map("perf_events").eventTypeId()).isZero();
    }

    @Test
    @Tag("kernel")
    void bothMapsLoadAndDeliverTheirEvents() {
        Kernel.requireBpf();
        int pid = (int) ProcessHandle.current().pid();
        try (Collection objects = ObjectFile.open(TestObjects.path("cilium_events")).load();
             RingBufReader ring = RingBufReader.open(objects.map("rb_events"));
             PerfReader perf = PerfReader.open(objects.map("perf_events"))) {
            assertThat(objects.program("rb_send").testRun(null, null, 1).retval()).isZero();
            List<String> got = new ArrayList<>();
            int n = ring.consume((data, offset, length) -> {
                assertThat(length).isEqualTo(EVENT_SIZE);
                got.add(event(data, offset, pid));
            });
            assertThat(n).isEqualTo(1);

            // on the calling CPU, in this task: the pid is ours
            assertThat(objects.program("perf_send").testRun(null, new byte[8], 1, -1).retval()).isZero();
            n = perf.consume((cpu, data, offset, length) -> {
                assertThat(length).isGreaterThanOrEqualTo(EVENT_SIZE); // the kernel pads samples to 8 bytes
                got.add(event(data, offset, pid));
            });
            assertThat(n).isEqualTo(1);
            assertThat(got).containsExactly("ebee-cilium-rb", "ebee-cilium-perf");
        }
    }

    /** The tag of a struct event, after checking its pid. */
    private static String event(MemorySegment data, long offset, int pid) {
        assertThat(data.get(JAVA_INT_UNALIGNED, offset)).isEqualTo(pid);
        byte[] tag = data.asSlice(offset + 4, EVENT_SIZE - 4).toArray(JAVA_BYTE);
        int end = 0;
        while (end < tag.length && tag[end] != 0) {
            end++;
        }
        return new String(tag, 0, end, StandardCharsets.US_ASCII);
    }
}
