package dev.ebee;

import dev.ebee.features.Features;
import dev.ebee.internal.sys.Cpus;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.ebee.MapTest.u32;
import static dev.ebee.MapTest.u64;
import static org.assertj.core.api.Assertions.assertThat;

@Tag("kernel")
class MapIterationTest {
    @BeforeAll
    static void kernel() {
        Kernel.requireBpf();
    }

    private static BpfMap hash(String name, int max, int entries) {
        BpfMap m = BpfMap.create(MapSpec.of(name, MapType.HASH, 4, 8, max));
        for (int i = 0; i < entries; i++) {
            m.update(u32(i), u64(i * 10L), BpfMap.ANY);
        }
        return m;
    }

    private static int key(MemorySegment k) {
        return k.get(Codec.INT_LAYOUT, 0);
    }

    /** The walk {@link BpfMap#forEach} takes on this kernel, and the key-by-key one it falls back to. */
    private static List<BiConsumer<BpfMap, BiConsumer<MemorySegment, MemorySegment>>> walks() {
        return List.of(BpfMap::forEach, (m, action) -> MapWalk.byKey(m, action, true));
    }

    @Test
    void batchIsProbedAndUsedForHashMaps() {
        Kernel.require(Features.kernel().mapLookupBatch().supported(), "BPF_MAP_LOOKUP_BATCH");
        try (BpfMap m = hash("it_batch", 1024, 600)) {
            List<Integer> seen = new ArrayList<>();
            assertThat(MapWalk.batch(m, dev.ebee.internal.sys.Bpf.MAP_LOOKUP_BATCH, 7, (k, v) -> seen.add(key(k))))
                    .isTrue();
            assertThat(seen).hasSize(600).doesNotHaveDuplicates();
        }
    }

    @Test
    void hashMapKeysEntriesAndForEachOnBothPaths() {
        for (var walk : walks()) {
            try (BpfMap m = hash("it_hash", 1024, 600)) {
                Map<Integer, Long> seen = new HashMap<>();
                walk.accept(m, (k, v) -> assertThat(seen.put(key(k), v.get(Codec.LONG_LAYOUT, 0))).isNull());
                assertThat(seen).hasSize(600);
                seen.forEach((k, v) -> assertThat(v).isEqualTo(k * 10L));
            }
        }
        try (BpfMap m = hash("it_typed", 64, 20)) {
            TypedMap<Integer, Long> t = m.typed(Codec.INT, Codec.LONG);
            assertThat(t.keys()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
            assertThat(t.entries()).hasSize(20).allSatisfy(e -> assertThat(e.getValue()).isEqualTo(e.getKey() * 10L));
            Map<Integer, Long> each = new HashMap<>();
            t.forEach(each::put);
            assertThat(each).isEqualTo(t.entries().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertThat(m.keys()).hasSize(20);
            assertThat(m.entries()).hasSize(20);
        }
    }

    @Test
    void emptyMapsAndArrays() {
        for (var walk : walks()) {
            try (BpfMap m = hash("it_empty", 16, 0);
                 BpfMap a = BpfMap.create(MapSpec.of("it_array", MapType.ARRAY, 4, 8, 5))) {
                walk.accept(m, (k, v) -> { throw new AssertionError("no entries"); });
                a.update(u32(3), u64(7), BpfMap.ANY);
                Map<Integer, Long> seen = new HashMap<>();
                walk.accept(a, (k, v) -> seen.put(key(k), v.get(Codec.LONG_LAYOUT, 0)));
                assertThat(seen).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L, 3, 7L, 4, 0L)); // every index
            }
        }
    }

    @Test
    void perCpuValuesCarryEverySlot() {
        try (BpfMap m = BpfMap.create(MapSpec.of("it_pcpu", MapType.PERCPU_HASH, 4, 4, 8))) {
            byte[][] slots = new byte[Cpus.possibleCount()][];
            for (int c = 0; c < slots.length; c++) {
                slots[c] = u32(c + 1);
            }
            m.updatePerCpu(u32(5), slots, BpfMap.ANY);
            for (var walk : walks()) {
                List<Integer> cpus = new ArrayList<>();
                walk.accept(m, (k, v) -> m.perCpuValues(v).forEach(s -> cpus.add(s.get(Codec.INT_LAYOUT, 0))));
                assertThat(cpus).isEqualTo(IntStream.rangeClosed(1, slots.length).boxed().toList());
            }
        }
    }

    @Test
    void lpmTrieIsWalkedKeyByKey() {
        try (BpfMap m = BpfMap.create(MapSpec.of("it_lpm", MapType.LPM_TRIE, 8, 8, 16).withFlags(MapSpec.F_NO_PREALLOC))) {
            Set<String> prefixes = Set.of("8/10.0.0.0", "16/10.1.0.0", "24/192.168.7.0");
            for (String p : prefixes) {
                String[] parts = p.split("/");
                ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(Integer.parseInt(parts[0]));
                for (String octet : parts[1].split("\\.")) {
                    b.put((byte) Integer.parseInt(octet));
                }
                m.update(b.array(), u64(Integer.parseInt(parts[0])), BpfMap.ANY);
            }
            Set<String> seen = new HashSet<>();
            m.forEach((k, v) -> {
                int len = key(k);
                assertThat(v.get(Codec.LONG_LAYOUT, 0)).isEqualTo(len);
                seen.add(len + "/" + IntStream.range(4, 8).mapToObj(i -> String.valueOf(Byte.toUnsignedInt(k.get(
                        java.lang.foreign.ValueLayout.JAVA_BYTE, i)))).collect(Collectors.joining(".")));
            });
            assertThat(seen).isEqualTo(prefixes);
            assertThat(m.typed(Codec.LONG, Codec.LONG).keys()).hasSize(3);
        }
    }

    @Test
    void deletingWhileWalkingEndsAndSeesEachKeyOnce() {
        for (var walk : walks()) {
            // deleting the key the walk stands on sends a key-by-key walk back to the first key
            try (BpfMap m = hash("it_del", 256, 200)) {
                List<Integer> seen = new ArrayList<>();
                walk.accept(m, (k, v) -> {
                    seen.add(key(k));
                    m.delete(k.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                    m.delete(u32(199 - key(k))); // and one it has not reached, whose lookup may now miss
                });
                assertThat(seen).doesNotHaveDuplicates().hasSizeBetween(100, 200);
                assertThat(m.keys()).isEmpty();
            }
        }
    }

    @Test
    void churnWhileWalkingEnds() {
        for (var walk : walks()) {
            // every step replaces the current key with a new one: an unbounded walk would never end
            try (BpfMap m = hash("it_churn", 64, 64)) {
                int[] next = {1000};
                List<Integer> seen = new ArrayList<>();
                walk.accept(m, (k, v) -> {
                    seen.add(key(k));
                    m.delete(k.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                    m.update(u32(next[0]++), u64(0), BpfMap.ANY);
                });
                assertThat(seen).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(4 * 64 + 64);
                assertThat(m.keys()).hasSize(64);
            }
        }
    }
}
