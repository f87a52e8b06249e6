package dev.ebee.bpf2java;

import dev.ebee.testing.Kernel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event maps with a declared event type get typed readers, and byte arrays named like text a
 * String reading: generated for a ring buffer and a perf event array, compiled, and run against
 * the kernel, a syscall program (run with BPF_PROG_TEST_RUN, so no other process's events count)
 * sending one event through the ring buffer.
 */
@Tag("kernel")
class EventReaderBindingTest {
    @TempDir
    Path dir;

    private static final String PROGRAM = """
            #include <linux/types.h>
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct event { __u32 pid; char comm[16]; __u8 name[8]; __u8 raw[4]; };

            struct {
            	__uint(type, BPF_MAP_TYPE_RINGBUF);
            	__uint(max_entries, 1 << 16);
            	__type(value, struct event);
            } events SEC(".maps");

            struct {
            	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
            	__type(value, struct event);
            } samples SEC(".maps");

            struct {
            	__uint(type, BPF_MAP_TYPE_RINGBUF);
            	__uint(max_entries, 1 << 16);
            } untyped SEC(".maps");

            SEC("syscall")
            int send(void *ctx)
            {
            	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

            	if (!e)
            		return 1;
            	e->pid = 42;
            	__builtin_memcpy(e->comm, "ebee-comm\\0\\0\\0\\0\\0\\0", 16);
            	__builtin_memcpy(e->name, "n\\xc3\\xa4me\\0\\0\\0", 8);
            	__builtin_memcpy(e->raw, "\\1\\2\\3\\4", 4);
            	bpf_ringbuf_submit(e, 0);
            	return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    /** Run inside the compiled binding's class loader. */
    private static final String DRIVER = """
            package com.example.bpf;

            import java.time.Duration;
            import java.util.ArrayList;
            import java.util.List;

            import static org.junit.jupiter.api.Assertions.assertTrue;

            public class Driver implements Runnable {
                public void run() {
                    List<EvBpf.Event> got = new ArrayList<>();
                    List<String> zeroCopy = new ArrayList<>();
                    EvBpf.EventsMap events;
                    try (EvBpf bpf = EvBpf.load()) {
                        events = bpf.events();
                        assertTrue(bpf.send().testRun(null, new byte[8], 1).retval() == 0, "send");
                        assertTrue(bpf.send().testRun(null, new byte[8], 1).retval() == 0, "send again");
                        assertTrue(events.poll(Duration.ofSeconds(5), got::add) == 2, "two records");
                        assertTrue(events.poll(Duration.ZERO, x -> { }) == 0, "ring drained");
                        assertTrue(bpf.send().testRun(null, new byte[8], 1).retval() == 0, "send a third");
                        assertTrue(events.poll(Duration.ofSeconds(5), (data, offset, length) -> zeroCopy.add(
                                EvBpf.Event.commAt(data, offset) + "/" + EvBpf.Event.nameAt(data, offset))) == 1, "zero copy");
                        assertTrue(bpf.samples().poll(Duration.ZERO, e -> got.add(e)) == 0, "no perf samples");
                        assertTrue(bpf.samples().lostSamples() == 0, "nothing lost");
                        assertTrue(bpf.untyped().type() == dev.ebee.MapType.RINGBUF, "untyped stays a BpfMap");
                    }
                    EvBpf.Event e = got.getFirst();
                    assertTrue(e.pid() == 42 && e.comm().equals("ebee-comm"), "decoded " + e);
                    assertTrue(e.nameText().equals("n\\u00e4me") && e.name().length == 8, "name " + e);
                    assertTrue(e.toString().equals("Event[pid=42, comm=ebee-comm, name=n\\u00e4me, raw=[1, 2, 3, 4]]"), e.toString());
                    assertTrue(events.poll(Duration.ofSeconds(5), x -> { }) == -1, "closed with the binding");
                    assertTrue(zeroCopy.equals(List.of("ebee-comm/n\\u00e4me")), "zero copy " + zeroCopy);
                }
            }
            """;

    @Test
    void typedReadersDecodeEventsAndTextFromTheKernel() throws Exception {
        String java = TestSupport.generateFromC(dir, "ev.bpf.c", PROGRAM, "EvBpf");
        assertThat(java)
                .contains("public EventsMap events()")
                .contains("public SamplesMap samples()")
                .contains("public BpfMap untyped()")
                .contains("public int poll(Duration timeout, Consumer<? super Event> handler)")
                .contains("public int poll(Duration timeout, RecordHandler handler)")
                .contains("public synchronized long lostSamples()")
                .contains("public static String commAt(MemorySegment segment, long offset)")
                .contains("public static String nameAt(MemorySegment segment, long offset)")
                .contains("public String nameText()")
                .doesNotContain("rawText()")
                .doesNotContain("rawAt(");

        Kernel.requireBpf();
        try (Compiled compiled = Compiled.compile(dir.resolve("out"), Map.of("com.example.bpf.EvBpf", java,
                "com.example.bpf.Driver", DRIVER))) {
            Files.copy(dir.resolve("gen/res/com/example/bpf/ev.bpf.o"), dir.resolve("out/classes/com/example/bpf/ev.bpf.o"));
            compiled.run("com.example.bpf.Driver");
        }
    }
}
