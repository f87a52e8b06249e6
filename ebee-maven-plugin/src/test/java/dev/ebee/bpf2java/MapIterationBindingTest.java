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
 * The iteration methods of the typed map wrappers: generated for a hash map, an LPM trie and a
 * per-CPU hash (network-order members documented), compiled, and run against the kernel.
 */
@Tag("kernel")
class MapIterationBindingTest {
    @TempDir
    Path dir;

    private static final String PROGRAM = """
            #include <linux/types.h>
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct flow { __be32 saddr; __be16 sport; __u16 proto; };
            struct prefix { __u32 prefixlen; __be32 addr; };

            struct {
            	__uint(type, BPF_MAP_TYPE_HASH);
            	__uint(max_entries, 64);
            	__type(key, struct flow);
            	__type(value, __u64);
            } flows SEC(".maps");

            struct {
            	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
            	__uint(max_entries, 16);
            	__uint(map_flags, BPF_F_NO_PREALLOC);
            	__type(key, struct prefix);
            	__type(value, __u32);
            } blocked SEC(".maps");

            struct {
            	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
            	__uint(max_entries, 8);
            	__type(key, __u32);
            	__type(value, __u64);
            } hits SEC(".maps");

            SEC("tp/syscalls/sys_enter_getpid")
            int touch(void *ctx)
            {
            	__u32 k = 0;
            	bpf_map_lookup_elem(&hits, &k);
            	return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    /** Run inside the compiled binding's class loader. */
    private static final String DRIVER = """
            package com.example.bpf;

            import java.util.HashMap;
            import java.util.List;
            import java.util.Map;

            public class Driver implements Runnable {
                private static void check(boolean ok, String what) {
                    if (!ok) {
                        throw new AssertionError(what);
                    }
                }

                public void run() {
                    try (IterBpf bpf = IterBpf.load()) {
                        for (int i = 0; i < 10; i++) {
                            bpf.flows().update(new IterBpf.Flow(i, 80 + i, 6), i * 100L);
                        }
                        check(bpf.flows().keys().size() == 10, "keys " + bpf.flows().keys());
                        Map<IterBpf.Flow, Long> seen = new HashMap<>();
                        bpf.flows().forEach(seen::put);
                        check(seen.size() == 10 && seen.get(new IterBpf.Flow(3, 83, 6)) == 300L, "forEach " + seen);
                        for (Map.Entry<IterBpf.Flow, Long> e : bpf.flows().entries()) {
                            check(e.getValue() == e.getKey().saddr() * 100L, "entry " + e);
                        }
                        bpf.blocked().update(new IterBpf.Prefix(8, 10), 1L);
                        bpf.blocked().update(new IterBpf.Prefix(24, 0x0107a8c0L), 2L);
                        check(bpf.blocked().entries().size() == 2, "trie " + bpf.blocked().entries());
                        check(bpf.hits().entries().isEmpty(), "empty per-CPU map");
                        check(bpf.hits().keys().isEmpty(), "no keys");
                        bpf.hits().raw().updatePerCpu(new byte[4], new byte[bpf.hits().raw().perCpuValues(
                                java.lang.foreign.MemorySegment.ofArray(new byte[(int) bpf.hits().raw().valueBufferSize()]))
                                .size()][8], 0);
                        List<Long> zeros = bpf.hits().entries().getFirst().getValue();
                        check(zeros.size() == bpf.hits().lookup(0).size() && zeros.stream().allMatch(v -> v == 0),
                                "per-CPU " + zeros);
                    }
                }
            }
            """;

    @Test
    void wrappersIterateTheirMaps() throws Exception {
        String java = TestSupport.generateFromC(dir, "iter.bpf.c", PROGRAM, "IterBpf");
        // Javadoc lines joined, so that a wrap does not split what is looked for
        assertThat(java.replaceAll("\\s*\\n\\s*\\*(?!/)\\s*", " "))
                .contains("public List<Flow> keys()")
                .contains("public List<Map.Entry<Flow, Long>> entries()")
                .contains("public void forEach(BiConsumer<? super Flow, ? super Long> action)")
                .contains("public List<Map.Entry<Prefix, Long>> entries()")
                .contains("public List<Map.Entry<Long, List<Long>>> entries()")
                .contains("public void forEach(BiConsumer<? super Long, ? super List<Long>> action)")
                .contains("{@code __be32 saddr} at offset 0 (unsigned, zero-extended; the encoder keeps the low 32 bits)"
                        + " (network byte order")
                .contains("{@code __be16 sport} at offset 4 (unsigned, zero-extended) (network byte order");

        Kernel.requireBpf();
        try (Compiled compiled = Compiled.compile(dir.resolve("out"), Map.of("com.example.bpf.IterBpf", java,
                "com.example.bpf.Driver", DRIVER))) {
            Files.copy(dir.resolve("gen/res/com/example/bpf/iter.bpf.o"),
                    dir.resolve("out/classes/com/example/bpf/iter.bpf.o"));
            compiled.run("com.example.bpf.Driver");
        }
    }
}
