package dev.ebee.bpf2java;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated source for kinds.bpf.c, whose structs use every BTF kind bpf2java maps, compared
 * with the checked-in golden file. After an intended change to the generator, rewrite the golden
 * file with {@code -Dbpf2java.updateGolden=true} and review the diff.
 */
class GoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/dev/ebee/bpf2java/golden/KindsBpf.java.txt");

    @Test
    void generatedSourceMatchesGoldenFile() throws Exception {
        String java = TestSupport.generate(TestSupport.kindsModel(), "KindsBpf");
        if (Boolean.getBoolean("bpf2java.updateGolden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, java);
        }
        assertThat(java).isEqualTo(Files.readString(GOLDEN));
    }

    @Test
    void modelHasProgramsMapsConstantsAndEvents() {
        BpfObjectModel m = TestSupport.kindsModel();
        assertThat(m.programs()).extracting(BpfObjectModel.Program::name, BpfObjectModel.Program::section)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("on_getpid", "tp/syscalls/sys_enter_getpid"),
                        org.assertj.core.groups.Tuple.tuple("on_sys_enter", "raw_tp/sys_enter"),
                        org.assertj.core.groups.Tuple.tuple("fill", "syscall"),
                        org.assertj.core.groups.Tuple.tuple("check", "syscall"));
        // the order of the symbols in .maps (clang's layout), not clang's DATASEC order
        assertThat(m.maps()).extracting(BpfObjectModel.MapDef::name).containsExactly("counters", "events", "values", "percpu");
        BpfObjectModel.MapDef values = m.maps().get(2);
        assertThat(values.type()).isEqualTo(1);
        assertThat(values.maxEntries()).isEqualTo(128);
        assertThat(values.keySize()).isEqualTo(20);
        assertThat(values.valueSize()).isEqualTo(168);
        BpfObjectModel.MapDef events = m.maps().get(1);
        assertThat(events.type()).isEqualTo(27);
        assertThat(events.key()).isNull();
        assertThat(events.maxEntries()).isEqualTo(4096);
        assertThat(m.constants()).extracting(BpfObjectModel.Variable::name)
                .containsExactly("target_pid", "verbose", "threshold", "prefix", "limits");
        assertThat(m.constants()).extracting(BpfObjectModel.Variable::offset).containsExactly(0L, 4L, 8L, 16L, 24L);
        assertThat(m.constants()).extracting(BpfObjectModel.Variable::offset).isSorted();
        // struct event reaches BTF only through the `struct event *unused_event` global; struct config
        // is the type of the constant `limits`
        assertThat(m.events()).extracting(CType.Struct::name).containsExactly("event", "config");
    }

    @Test
    void layoutMatchesC() {
        CType.Struct value = (CType.Struct) TestSupport.kindsModel().maps().get(2).value();
        assertThat(value.size()).isEqualTo(168);
        CType.Member grid = value.members().stream().filter(x -> x.name().equals("grid")).findFirst().orElseThrow();
        assertThat(grid.byteOffset()).isEqualTo(48);
        assertThat(((CType.Array) grid.type()).declaration("grid")).isEqualTo("__u32 grid[2][3]");
        CType.Struct flags = (CType.Struct) value.members().stream().filter(x -> x.name().equals("bits"))
                .findFirst().orElseThrow().type();
        assertThat(flags.members()).extracting(CType.Member::bitSize).containsExactly(1, 3, 4, 40, 1);
        assertThat(flags.members()).extracting(CType.Member::bitOffset).containsExactly(0L, 1L, 4L, 8L, 48L);
    }

    @Test
    void configuredEventNamesAddRecords() {
        BpfObjectModel m = ModelBuilder.read("kinds.bpf.c", TestSupport.kindsObject(), List.of("inner", "event"));
        assertThat(m.events()).extracting(CType.Struct::name).containsExactly("event", "config", "inner");
        assertThat(TestSupport.generate(m, "KindsBpf")).contains("public record Inner(");
    }

    @Test
    void theOneConfiguredEventIsTheTypeOfTheOneEventMapThatDeclaresNone() {
        BpfObjectModel m = ModelBuilder.read("kinds.bpf.c", TestSupport.kindsObject(), List.of("event"));
        assertThat(m.maps().get(1).event().name()).isEqualTo("event");
        assertThat(TestSupport.generate(m, "KindsBpf")).contains("public EventsMap events()")
                .contains("public int poll(Duration timeout, Consumer<? super Event> handler)");
        BpfObjectModel two = ModelBuilder.read("kinds.bpf.c", TestSupport.kindsObject(), List.of("inner", "event"));
        assertThat(two.maps().get(1).event()).isNull();
    }

    @Test
    void theEventTypeOfAnEventMapAddsItsRecordWithoutConfiguration() {
        // cilium/ebpf-style __type(value, struct event) on a ring buffer and a perf event array
        BpfObjectModel m = ModelBuilder.read("cilium_events.c", dev.ebee.TestObjects.bytes("cilium_events"), List.of());
        assertThat(m.events()).extracting(CType.Struct::name).containsExactly("event");
        assertThat(m.maps()).extracting(BpfObjectModel.MapDef::valueSize).containsExactly(0L, 4L);
        assertThat(TestSupport.generate(m, "CiliumEventsBpf")).contains("public record Event(");
    }
}
