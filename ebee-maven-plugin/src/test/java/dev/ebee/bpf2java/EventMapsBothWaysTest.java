package dev.ebee.bpf2java;

import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One object whose event maps are declared both ways, as C copied from either world is: a ring
 * buffer the cilium/ebpf way ({@code __type(value, struct event)}) and a perf event array the
 * libbpf way (no value type; the struct kept in BTF by an unused global pointer, as libbpf-tools
 * do, and named in {@code <events>}). The pipeline builds it with clang; the binding has a record
 * and a typed reader for each and typed attach methods for its XDP and tcx programs; in the kernel,
 * the XDP program, run once by BPF_PROG_TEST_RUN (no other traffic counts), sends one event
 * through each map, and each reader decodes its own.
 */
@Tag("kernel")
class EventMapsBothWaysTest {
    @TempDir
    Path dir;

    private static final String PROGRAM = """
            #include <linux/types.h>
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct event { __u32 pid; char comm[16]; };
            struct sample { __u64 len; __u8 path[8]; };

            struct {
            	__uint(type, BPF_MAP_TYPE_RINGBUF);
            	__uint(max_entries, 1 << 16);
            	__type(value, struct event);
            } events SEC(".maps");

            struct {
            	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
            	__uint(key_size, sizeof(__u32));
            	__uint(value_size, sizeof(__u32));
            } samples SEC(".maps");

            const struct sample *unused_sample __attribute__((unused));

            SEC("xdp")
            int xdp_send(struct xdp_md *ctx)
            {
            	struct sample s = { .len = ctx->data_end - ctx->data };
            	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

            	if (e) {
            		e->pid = 7;
            		__builtin_memcpy(e->comm, "ebee-ring\\0\\0\\0\\0\\0\\0\\0", 16);
            		bpf_ringbuf_submit(e, 0);
            	}
            	__builtin_memcpy(s.path, "/perf\\0\\0\\0", 8);
            	bpf_perf_event_output(ctx, &samples, BPF_F_CURRENT_CPU, &s, sizeof(s));
            	return XDP_PASS;
            }

            SEC("tcx/ingress")
            int tc_in(struct __sk_buff *skb)
            {
            	return -1; /* TCX_NEXT */
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    /** Run inside the compiled binding's class loader. */
    private static final String DRIVER = """
            package com.example.bpf;

            import java.time.Duration;
            import java.util.ArrayList;
            import java.util.List;

            import static org.junit.jupiter.api.Assertions.assertEquals;
            import static org.junit.jupiter.api.Assertions.assertTrue;

            public class Driver implements Runnable {
                public void run() {
                    List<BothBpf.Event> events = new ArrayList<>();
                    List<BothBpf.Sample> samples = new ArrayList<>();
                    try (BothBpf bpf = BothBpf.load()) {
                        // a perf event array reaches user space only through rings opened before the output
                        assertEquals(0, bpf.samples().poll(Duration.ZERO, samples::add), "no sample yet");
                        assertEquals(2, bpf.xdpSend().testRun(new byte[64], null, 1).retval(), "XDP_PASS");
                        assertEquals(1, bpf.events().poll(Duration.ofSeconds(5), events::add), "one event");
                        assertEquals(1, bpf.samples().poll(Duration.ofSeconds(5), samples::add), "one sample");
                        assertEquals(0, bpf.samples().lostSamples(), "nothing lost");
                    }
                    assertEquals("Event[pid=7, comm=ebee-ring]", events.getFirst().toString());
                    assertEquals(64, samples.getFirst().len());
                    assertEquals("/perf", samples.getFirst().pathText());
                }
            }
            """;

    @Test
    void bothDeclarationsGiveRecordsTypedReadersAndAttachMethods() throws Exception {
        String java = TestSupport.generateFromC(dir, "both.c", PROGRAM, "BothBpf", List.of("sample"));
        assertThat(java).contains(
                "public record Event(long pid, String comm)",
                "public record Sample(long len, byte[] path)",
                "public EventsMap events()",
                "public SamplesMap samples()",
                "public synchronized long lostSamples()",
                "public Xdp attachXdpSend(String ifname, XdpMode mode)",
                "public Tcx attachTcIn(String ifname)");
        assertThat(java.split("public int poll\\(Duration timeout, Consumer<\\? super ", -1)).hasSize(3); // Event, Sample

        Kernel.requireBpf();
        try (Compiled compiled = Compiled.compile(dir.resolve("out"), Map.of("com.example.bpf.BothBpf", java,
                "com.example.bpf.Driver", DRIVER))) {
            Files.copy(dir.resolve("gen/res/com/example/bpf/both.o"), dir.resolve("out/classes/com/example/bpf/both.o"));
            compiled.run("com.example.bpf.Driver");
        }
    }
}
