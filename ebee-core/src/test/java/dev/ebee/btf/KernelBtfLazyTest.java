package dev.ebee.btf;

import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's BTF is read in place from its mapping and decoded type by type on demand: every
 * type must come out as decoding the same bytes from a heap copy does, and a lookup must decode
 * only the types it returns.
 */
@Tag("kernel")
class KernelBtfLazyTest {
    private static Btf fresh() {
        KernelBtf.flushCache();
        return KernelBtf.vmlinux();
    }

    @Test
    void mappedAndDecodedOnDemandAgreesWithAHeapCopyDecodedInOrder() throws Exception {
        Kernel.require(Files.exists(BtfTest.VMLINUX), "kernel BTF at " + BtfTest.VMLINUX);
        Btf lazy = fresh();
        Btf eager = Btf.parse("heap copy", Files.readAllBytes(BtfTest.VMLINUX));
        assertThat(lazy.typeCount()).isEqualTo(eager.typeCount());
        assertThat(lazy.stringSectionSize()).isEqualTo(eager.stringSectionSize());
        var all = eager.types(); // in id order, all of them
        // the lazy side backwards, names and kinds read from the raw record before the type is decoded
        for (int id = lazy.typeCount() - 1; id >= 1; id--) {
            BtfType want = all.get(id - 1);
            assertThat(lazy.kind(id)).as("kind of %d", id).isEqualTo(want.kind());
            assertThat(lazy.name(id)).as("name of %d", id).isEqualTo(want.name());
            assertThat(lazy.type(id)).as("type %d", id).isEqualTo(want);
        }
        assertThat(lazy.decodedCount()).isEqualTo(lazy.localTypeCount());
        assertThat(lazy.ownStrings()).isEqualTo(eager.ownStrings());
        assertThat(lazy.toBytes()).isEqualTo(eager.toBytes());
    }

    @Test
    void aLookupDecodesOnlyWhatItReturns() {
        Kernel.require(Files.exists(BtfTest.VMLINUX), "kernel BTF at " + BtfTest.VMLINUX);
        Btf k = fresh();
        assertThat(k.decodedCount()).isZero();
        int task = k.requireType("task_struct", BtfType.KIND_STRUCT);
        assertThat(k.decodedCount()).isZero(); // names and kinds are read from the raw records
        var members = ((BtfType.Struct) k.type(task)).members();
        assertThat(members).extracting(BtfType.Member::name).contains("pid", "comm");
        assertThat(k.decodedCount()).isEqualTo(1);
        assertThat(k.typesByName("pid_t")).hasSize(1);
        assertThat(k.decodedCount()).isEqualTo(1);
    }

    @Test
    void splitBtfOnTheMappedBaseReadsBaseTypesAndStrings() {
        Kernel.require(Files.exists(BtfTest.VMLINUX), "kernel BTF at " + BtfTest.VMLINUX);
        Btf base = fresh();
        int task = base.requireType("task_struct", BtfType.KIND_STRUCT);
        int ptr = base.typeCount() + 1;
        byte[] raw = Btf.of("built", List.of(
                new BtfType.Struct("lazy_split", 8, List.of(new BtfType.Member("task", ptr, 0, 0)), false),
                new BtfType.Ptr(task)), base).toBytes();
        Btf split = Btf.parse("split", raw, base);
        assertThat(split.requireType("lazy_split", BtfType.KIND_STRUCT)).isEqualTo(base.typeCount());
        assertThat(split.typesByName("task_struct", BtfType.KIND_STRUCT)).containsExactly(task);
        assertThat(split.resolve(((BtfType.Ptr) split.type(ptr)).type())).isEqualTo(task);
        assertThat(split.name(task)).isEqualTo("task_struct");
    }
}
