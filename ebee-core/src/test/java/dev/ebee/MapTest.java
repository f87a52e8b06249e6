package dev.ebee;

import dev.ebee.asm.Asm;
import dev.ebee.asm.Insn;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Cpus;
import dev.ebee.internal.sys.Native;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static dev.ebee.asm.Op.R0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class MapTest {
    @BeforeAll
    static void kernel() {
        Kernel.requireBpf();
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    static long asLong(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong();
    }

    private void crud(MapType type, boolean canDelete) {
        // an LRU map evicts before it is full (its free nodes are spread over the CPUs' lists): seen
        // on 6.1 with 10 entries in 16, so the LRU case gets room enough that nothing is evicted
        int max = type == MapType.LRU_HASH ? 1024 : 16;
        try (BpfMap m = BpfMap.create(MapSpec.of("t_" + type.bpftoolName(), type, 4, 8, max))) {
            assertThat(m.type()).isEqualTo(type);
            assertThat(m.info().type()).isEqualTo(type);
            assertThat(m.info().name()).isEqualTo(("t_" + type.bpftoolName()).substring(0,
                    Math.min(15, ("t_" + type.bpftoolName()).length())));
            for (int i = 0; i < 10; i++) {
                m.update(u32(i), u64(i * 100L), BpfMap.ANY);
            }
            for (int i = 0; i < 10; i++) {
                assertThat(asLong(m.lookup(u32(i)))).isEqualTo(i * 100L);
            }
            Set<Integer> keys = new HashSet<>();
            for (byte[] k : m.keys()) {
                keys.add(ByteBuffer.wrap(k).order(ByteOrder.nativeOrder()).getInt());
            }
            if (type.isArray()) {
                assertThat(keys).hasSize(16); // arrays iterate every index
            } else {
                assertThat(keys).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
                assertThat(m.lookup(u32(99))).isNull();
            }
            if (canDelete) {
                assertThat(m.delete(u32(3))).isTrue();
                assertThat(m.delete(u32(3))).isFalse();
                assertThat(m.lookup(u32(3))).isNull();
                assertThat(m.entries()).hasSize(9);
                m.update(u32(50), u64(1), BpfMap.NOEXIST);
                assertThatThrownBy(() -> m.update(u32(50), u64(2), BpfMap.NOEXIST))
                        .isInstanceOf(SyscallException.class).hasMessageContaining("EEXIST");
            }
        }
    }

    @Test
    void hashCrudAndIteration() {
        crud(MapType.HASH, true);
    }

    @Test
    void arrayCrud() {
        crud(MapType.ARRAY, false);
    }

    @Test
    void lruHashCrud() {
        crud(MapType.LRU_HASH, true);
    }

    @Test
    void hashFullSaysSo() {
        try (BpfMap m = BpfMap.create(MapSpec.of("full", MapType.HASH, 4, 8, 2))) {
            m.update(u32(1), u64(1), BpfMap.ANY);
            m.update(u32(2), u64(1), BpfMap.ANY);
            assertThatThrownBy(() -> m.update(u32(3), u64(1), BpfMap.ANY))
                    .isInstanceOf(SyscallException.class).hasMessageContaining("E2BIG")
                    .satisfies(e -> assertThat(((SyscallException) e).hint()).contains("full"));
        }
    }

    private void perCpu(MapType type) {
        int cpus = Cpus.possibleCount();
        try (BpfMap m = BpfMap.create(MapSpec.of("pcpu", type, 4, 4, 8))) {
            assertThat(m.valueBufferSize()).isEqualTo(8L * cpus);
            byte[][] values = new byte[cpus][];
            for (int c = 0; c < cpus; c++) {
                values[c] = u32(1000 + c);
            }
            m.updatePerCpu(u32(1), values, BpfMap.ANY);
            byte[][] back = m.lookupPerCpu(u32(1));
            assertThat(back).hasDimensions(cpus, 4);
            for (int c = 0; c < cpus; c++) {
                assertThat(ByteBuffer.wrap(back[c]).order(ByteOrder.nativeOrder()).getInt()).isEqualTo(1000 + c);
            }
        }
    }

    @Test
    void perCpuHashAndArray() {
        perCpu(MapType.PERCPU_HASH);
        perCpu(MapType.PERCPU_ARRAY);
        perCpu(MapType.LRU_PERCPU_HASH);
    }

    @Test
    void perCpuCounterSum() {
        int cpus = Cpus.possibleCount();
        try (BpfMap m = BpfMap.create(MapSpec.of("sum", MapType.PERCPU_ARRAY, 4, 8, 1))) {
            byte[][] v = new byte[cpus][];
            for (int c = 0; c < cpus; c++) {
                v[c] = u64(c + 1);
            }
            m.updatePerCpu(u32(0), v, BpfMap.ANY);
            assertThat(m.sumPerCpuLong(u32(0))).isEqualTo((long) cpus * (cpus + 1) / 2);
        }
    }

    @Test
    void lpmTrieLongestPrefix() {
        // key: u32 prefixlen + 4 bytes of IPv4 address, big-endian as on the wire
        try (BpfMap m = BpfMap.create(MapSpec.of("lpm", MapType.LPM_TRIE, 8, 8, 16).withFlags(MapSpec.F_NO_PREALLOC))) {
            m.update(lpmKey(8, 198, 0, 0, 0), u64(8), BpfMap.ANY);
            m.update(lpmKey(15, 198, 18, 0, 0), u64(15), BpfMap.ANY);
            m.update(lpmKey(24, 198, 18, 1, 0), u64(24), BpfMap.ANY);
            assertThat(asLong(m.lookup(lpmKey(32, 198, 18, 1, 7)))).isEqualTo(24);
            assertThat(asLong(m.lookup(lpmKey(32, 198, 19, 2, 7)))).isEqualTo(15);
            assertThat(asLong(m.lookup(lpmKey(32, 198, 200, 2, 7)))).isEqualTo(8);
            assertThat(m.lookup(lpmKey(32, 10, 0, 0, 1))).isNull();
            assertThat(m.delete(lpmKey(24, 198, 18, 1, 0))).isTrue();
            assertThat(asLong(m.lookup(lpmKey(32, 198, 18, 1, 7)))).isEqualTo(15);
            int n = 0;
            for (byte[] ignored : m.keys()) {
                n++;
            }
            assertThat(n).isEqualTo(2);
        }
    }

    private static byte[] lpmKey(int prefix, int a, int b, int c, int d) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(prefix)
                .put((byte) a).put((byte) b).put((byte) c).put((byte) d).array();
    }

    @Test
    void queueAndStack() {
        try (BpfMap q = BpfMap.create(MapSpec.of("q", MapType.QUEUE, 0, 8, 4));
             BpfMap s = BpfMap.create(MapSpec.of("s", MapType.STACK, 0, 8, 4))) {
            for (int i = 1; i <= 3; i++) {
                q.push(u64(i), BpfMap.ANY);
                s.push(u64(i), BpfMap.ANY);
            }
            assertThat(asLong(q.peek())).isEqualTo(1);
            assertThat(asLong(q.pop())).isEqualTo(1);
            assertThat(asLong(q.pop())).isEqualTo(2);
            assertThat(asLong(s.pop())).isEqualTo(3);
            assertThat(asLong(s.pop())).isEqualTo(2);
            assertThat(asLong(q.pop())).isEqualTo(3);
            assertThat(q.pop()).isNull();
        }
    }

    @Test
    void bloomFilter() {
        try (BpfMap b = BpfMap.create(MapSpec.of("bloom", MapType.BLOOM_FILTER, 0, 8, 100).withMapExtra(3))) {
            b.push(u64(42), BpfMap.ANY);
            assertThat(b.mayContain(u64(42))).isTrue();
            int falsePositives = 0;
            for (int i = 1000; i < 1100; i++) {
                if (b.mayContain(u64(i))) {
                    falsePositives++;
                }
            }
            assertThat(falsePositives).isLessThan(20);
        }
    }

    @Test
    void ringBufferAndPerfArrayCreate() {
        try (BpfMap rb = BpfMap.create(MapSpec.of("rb", MapType.RINGBUF, 0, 0, 64 * 1024));
             BpfMap pe = BpfMap.create(MapSpec.of("pe", MapType.PERF_EVENT_ARRAY, 4, 4, Cpus.possibleCount()));
             BpfMap st = BpfMap.create(MapSpec.of("stacks", MapType.STACK_TRACE, 4, 8 * 127, 64))) {
            assertThat(rb.info().maxEntries()).isEqualTo(64 * 1024);
            assertThat(pe.info().type()).isEqualTo(MapType.PERF_EVENT_ARRAY);
            assertThat(st.lookup(u32(1))).isNull();
        }
        assertThatThrownBy(() -> BpfMap.create(MapSpec.of("rb", MapType.RINGBUF, 0, 0, 5000)))
                .isInstanceOf(EbeeException.class).hasMessageContaining("power of two");
    }

    @Test
    void progArrayHoldsPrograms() {
        List<Insn> ret = new Asm().ret(0).build();
        try (Program p = Program.load(ProgramSpec.of("tail", ProgramType.SOCKET_FILTER, ret, "GPL"));
             BpfMap pa = BpfMap.create(MapSpec.of("progs", MapType.PROG_ARRAY, 4, 4, 4))) {
            pa.update(u32(0), u32(p.fd()), BpfMap.ANY);
            // user space reads back the program id, not the fd
            assertThat(ByteBuffer.wrap(pa.lookup(u32(0))).order(ByteOrder.nativeOrder()).getInt())
                    .isEqualTo(p.info().id());
            assertThat(pa.delete(u32(0))).isTrue();
        }
    }

    @Test
    void mapOfMaps() {
        MapSpec inner = MapSpec.of("inner", MapType.ARRAY, 4, 8, 4);
        for (MapType t : List.of(MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS)) {
            try (BpfMap outer = BpfMap.create(MapSpec.of("outer", t, 4, 4, 4).withInnerMap(inner));
                 BpfMap in = BpfMap.create(inner)) {
                outer.update(u32(1), u32(in.fd()), BpfMap.ANY);
                assertThat(ByteBuffer.wrap(outer.lookup(u32(1))).order(ByteOrder.nativeOrder()).getInt())
                        .isEqualTo(in.id());
            }
        }
        assertThatThrownBy(() -> BpfMap.create(MapSpec.of("outer", MapType.HASH_OF_MAPS, 4, 4, 4)))
                .isInstanceOf(EbeeException.class).hasMessageContaining("inner map");
    }

    @Test
    void batchOperations() {
        try (BpfMap m = BpfMap.create(MapSpec.of("batch", MapType.HASH, 4, 8, 1000))) {
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                keys.add(u32(i));
                values.add(u64(i * 3L));
            }
            assertThat(m.updateBatch(keys, values, BpfMap.ANY)).isEqualTo(500);
            BpfMap.Batch all = m.lookupBatch(64, false);
            assertThat(all.keys()).hasSize(500);
            for (int i = 0; i < all.keys().size(); i++) {
                int k = ByteBuffer.wrap(all.keys().get(i)).order(ByteOrder.nativeOrder()).getInt();
                assertThat(asLong(all.values().get(i))).isEqualTo(k * 3L);
            }
            assertThat(m.deleteBatch(keys.subList(0, 100))).isEqualTo(100);
            assertThat(m.lookupBatch(1000, true).keys()).hasSize(400);
            assertThat(m.keys().iterator().hasNext()).isFalse();
        }
    }

    @Test
    void typedView() {
        try (BpfMap m = BpfMap.create(MapSpec.of("typed", MapType.HASH, 4, 8, 8))) {
            TypedMap<Integer, Long> t = m.typed(Codec.INT, Codec.LONG);
            t.put(7, 49L);
            assertThat(t.get(7)).contains(49L);
            assertThat(t.get(8)).isEmpty();
            assertThat(t.entries()).hasSize(1);
            assertThat(t.remove(7)).isTrue();
        }
    }

    @Test
    void freezeMakesReadOnly() {
        try (BpfMap m = BpfMap.create(MapSpec.of("frozen", MapType.ARRAY, 4, 8, 1))) {
            m.update(u32(0), u64(5), BpfMap.ANY);
            m.freeze();
            assertThat(asLong(m.lookup(u32(0)))).isEqualTo(5);
            assertThatThrownBy(() -> m.update(u32(0), u64(6), BpfMap.ANY)).isInstanceOf(SyscallException.class);
        }
    }

    @Test
    void pinAndReopen() throws Exception {
        Path bpffs = Path.of("/sys/fs/bpf");
        if (!Files.readString(Path.of("/proc/mounts")).contains(" /sys/fs/bpf bpf ")) {
            Native.mount("bpf", bpffs.toString(), "bpf", 0);
        }
        Path pin = bpffs.resolve("ebee-maptest-" + ProcessHandle.current().pid());
        try (BpfMap m = BpfMap.create(MapSpec.of("pinned", MapType.HASH, 4, 8, 4))) {
            m.update(u32(1), u64(11), BpfMap.ANY);
            m.pin(pin.toString());
            try (BpfMap again = BpfMap.openPinned(pin.toString())) {
                assertThat(again.id()).isEqualTo(m.id());
                assertThat(again.keySize()).isEqualTo(4);
                assertThat(asLong(again.lookup(u32(1)))).isEqualTo(11);
            }
        } finally {
            Files.deleteIfExists(pin);
        }
        assertThat(pin).doesNotExist();
    }

    @Test
    void badParametersAreClear() {
        assertThatThrownBy(() -> BpfMap.create(MapSpec.of("bad", MapType.HASH, 0, 8, 4)))
                .isInstanceOf(SyscallException.class)
                .hasMessageContaining("BPF_MAP_CREATE bad").hasMessageContaining("EINVAL");
        assertThatThrownBy(() -> BpfMap.create(MapSpec.of("bad", MapType.HASH, 4, 8, 0)))
                .isInstanceOf(EbeeException.class).hasMessageContaining("max_entries");
    }

    @Test
    void closedMapRefusesUse() {
        BpfMap m = BpfMap.create(MapSpec.of("closed", MapType.ARRAY, 4, 4, 1));
        m.close();
        m.close();
        assertThat(m.isClosed()).isTrue();
        assertThatThrownBy(() -> m.lookup(u32(0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void programWritesMapReadFromJava() {
        // a syscall program stores 0x1234 at key 0 of an array map
        try (BpfMap m = BpfMap.create(MapSpec.of("out", MapType.ARRAY, 4, 8, 1))) {
            List<Insn> prog = new Asm()
                    .st(dev.ebee.asm.Op.W, 10, -4, 0)             // *(u32*)(fp-4) = 0  (key)
                    .loadMapFd(1, m.fd())
                    .mov64Reg(2, 10).add64(2, -4)
                    .call(dev.ebee.asm.Helper.MAP_LOOKUP_ELEM)
                    .jeq(R0, 0, "out")
                    .st(dev.ebee.asm.Op.DW, R0, 0, 0x1234)
                    .label("out")
                    .ret(0)
                    .build();
            try (Program p = Program.load(ProgramSpec.of("writer", ProgramType.SYSCALL, prog, "GPL")
                    .withFlags(Bpf.F_SLEEPABLE))) {
                p.testRun(null, new byte[8], 1);
            }
            assertThat(asLong(m.lookup(u32(0)))).isEqualTo(0x1234);
        }
    }
}
