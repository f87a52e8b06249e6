package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.btf.BtfType.*;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BtfTest {
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    /** A small graph with most kinds: ids in comments. */
    static List<BtfType> sample() {
        return List.of(
                new Int("int", 4, BtfType.INT_SIGNED, 0, 32),                       // 1
                new Int("unsigned char", 1, 0, 0, 8),                                // 2
                new Ptr(5),                                                          // 3
                new Array(1, 1, 4),                                                  // 4
                new Struct("s", 32, List.of(                                         // 5
                        new Member("a", 1, 0, 0),
                        new Member("b", 2, 32, 3),
                        new Member("c", 2, 35, 5),
                        new Member("next", 3, 64, 0),
                        new Member("arr", 4, 128, 0)), true),
                new Union("u", 4, List.of(new Member("i", 1, 0, 0), new Member("c", 2, 0, 0)), false), // 6
                new BtfType.Enum("e", 4, List.of(new EnumValue("A", -1), new EnumValue("B", 2)), true), // 7
                new Enum64("e64", 8, List.of(new EnumValue("BIG", 1L << 40)), false),  // 8
                new Fwd("fwd_s", false),                                              // 9
                new Typedef("int_t", 1),                                              // 10
                new Volatile(10),                                                     // 11
                new Const(11),                                                        // 12
                new Restrict(3),                                                      // 13
                new FuncProto(1, List.of(new Param("x", 12), new Param("p", 13))),    // 14
                new Func("f", 14, BtfType.LINKAGE_GLOBAL),                            // 15
                new Var("v", 1, BtfType.LINKAGE_GLOBAL),                              // 16
                new Datasec(".data", 4, List.of(new VarSecinfo(16, 0, 4))),           // 17
                new BtfType.Float("double", 8),                                       // 18
                new DeclTag("tag", 5, 1),                                             // 19
                new TypeTag("user", 1),                                               // 20
                new Struct("s___v2", 4, List.of(new Member("a", 1, 0, 0)), false));   // 21
    }

    @Test
    void builtGraphLayoutAndNames() {
        Btf b = Btf.of(sample());
        assertThat(b.typeCount()).isEqualTo(22);
        assertThat(b.type(0)).isInstanceOf(BtfType.Void.class);
        assertThat(b.sizeOf(4)).isEqualTo(16);
        assertThat(b.sizeOf(12)).isEqualTo(4);
        assertThat(b.sizeOf(3)).isEqualTo(8);
        assertThat(b.alignOf(5)).isEqualTo(8);
        assertThat(b.resolve(12)).isEqualTo(1);
        assertThat(b.resolve(20)).isEqualTo(1);
        assertThat(b.typesByName("s")).containsExactly(5);
        assertThat(b.typesByEssentialName("s")).containsExactly(5, 21);
        assertThat(b.typesByEssentialName("s___other")).containsExactly(5, 21);
        assertThat(b.typesByName("nope")).isEmpty();
        assertThat(Btf.essentialName("task_struct___old")).isEqualTo("task_struct");
        assertThat(Btf.essentialName("a____b")).isEqualTo("a____b");
        assertThat(Btf.essentialName("a___b___c")).isEqualTo("a___b");
        assertThat(Btf.essentialName("__x")).isEqualTo("__x");
        assertThatThrownBy(() -> b.sizeOf(15)).isInstanceOf(BtfException.class);
        assertThatThrownBy(() -> b.type(22)).isInstanceOf(BtfException.class);
    }

    @Test
    void writeAndParseRoundTripOfBuiltTypes() {
        Btf b = Btf.of(sample());
        byte[] raw = b.toBytes();
        Btf p = Btf.parse("rt", raw);
        assertThat(p.types()).isEqualTo(b.types());
        assertThat(Btf.parse("rt2", p.toBytes()).types()).isEqualTo(p.types());
        assertThat(p.typesByName("e64")).containsExactly(8);
        assertThat(((BtfType.Enum) p.type(7)).values().getFirst().value()).isEqualTo(-1);
    }

    @Test
    void sanitizerKeepsIdsAndSizes() {
        Btf b = Btf.of(sample());
        assertThat(BtfSanitizer.ALL.apply(b)).isSameAs(b);
        Btf s = new BtfSanitizer(false, false, false, false, false, false, false, false).apply(b);
        assertThat(s.typeCount()).isEqualTo(b.typeCount());
        assertThat(s.type(15)).isInstanceOf(Typedef.class);
        assertThat(s.type(14)).isInstanceOf(BtfType.Enum.class);
        assertThat(s.type(17)).isInstanceOf(Struct.class);
        assertThat(s.sizeOf(17)).isEqualTo(4);
        assertThat(s.sizeOf(18)).isEqualTo(8);
        assertThat(s.sizeOf(8)).isEqualTo(8);
        assertThat(s.type(20)).isEqualTo(new Const(1));
        assertThat(Btf.parse("s", s.toBytes()).types()).isEqualTo(s.types());
    }

    @Test
    void referenceCyclesAreErrorsNotHangs() {
        Btf b = Btf.of(List.of(new Typedef("a", 2), new Typedef("b", 1), new Array(3, 1, 2), new Const(3)));
        assertThatThrownBy(() -> b.resolve(1)).isInstanceOf(BtfException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> b.sizeOf(1)).isInstanceOf(BtfException.class);
        assertThatThrownBy(() -> b.sizeOf(3)).isInstanceOf(BtfException.class);
        Btf s = Btf.of(List.of(new Struct("x", 4, List.of(new Member("y", 1, 0, 0)), false)));
        assertThatThrownBy(() -> s.alignOf(1)).isInstanceOf(BtfException.class);
        assertThatThrownBy(() -> Btf.of(List.of(new Ptr(7)))).isInstanceOf(BtfException.class);
    }

    @Test
    void splitBtfContinuesIdsAndStrings() {
        Btf base = Btf.parse("base", Btf.of(sample()).toBytes());
        Btf split = Btf.of("split", List.of(new Struct("mod_s", 8, List.of(new Member("p", 3, 0, 0)), false),
                new Typedef("int_t", 22)), base);
        byte[] raw = split.toBytes();
        Btf parsed = Btf.parse("split", raw, base);
        assertThat(parsed.firstLocalId()).isEqualTo(22);
        assertThat(parsed.typeCount()).isEqualTo(24);
        assertThat(parsed.type(22)).isEqualTo(split.type(22));
        assertThat(parsed.type(5)).isEqualTo(base.type(5));
        assertThat(parsed.typesByName("int_t")).containsExactly(10, 23);
        assertThat(parsed.sizeOf(23)).isEqualTo(8);
        assertThat(parsed.name(1)).isEqualTo("int");
    }

    static void exercise(String name, byte[] raw) {
        try {
            Btf b = Btf.parse(name, raw);
            for (int id = 0; id < b.typeCount(); id++) {
                try {
                    b.type(id);
                    b.name(id);
                    b.resolve(id);
                    b.sizeOf(id);
                    b.alignOf(id);
                } catch (BtfException e) {
                    // fine
                }
            }
            b.typesByName("s");
            try {
                new BtfCWriter(b).write(new StringBuilder());
            } catch (BtfException e) {
                // fine
            }
        } catch (BtfException e) {
            assertThat(e.getMessage()).startsWith(name + ":");
        }
    }

    @Test
    void malformedInputGivesOnlyBtfException() {
        byte[] good = Btf.of(sample()).toBytes();
        for (int len = 0; len < good.length; len++) {
            exercise("trunc" + len, java.util.Arrays.copyOf(good, len));
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] c = good.clone();
            for (int f = 1 + rnd.nextInt(4); f > 0; f--) {
                c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
            }
            exercise("flip" + i, c);
        }
        ByteBuffer h = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(12, Integer.MAX_VALUE);
        assertThatThrownBy(() -> Btf.parse("big", h.array())).isInstanceOf(BtfException.class).hasMessageContaining("big:");
    }

    @Test
    @Tag("kernel")
    void kernelBtfParsesFastAndRoundTrips() throws Exception {
        Kernel.require(Files.exists(VMLINUX), "kernel BTF at " + VMLINUX);
        long t0 = System.nanoTime();
        Btf k = KernelBtf.vmlinux();
        long t1 = System.nanoTime();
        List<Integer> ts = k.typesByName("task_struct");
        long t2 = System.nanoTime();
        List<Integer> again = k.typesByName("mm_struct");
        long t3 = System.nanoTime();
        System.out.printf("kernel BTF: %d types; parse %.1f ms, first lookup (index build) %.1f ms, second lookup %.3f ms%n",
                k.typeCount(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
        assertThat(k.typeCount()).isGreaterThan(50_000);
        int task = k.requireType("task_struct", BtfType.KIND_STRUCT);
        assertThat(ts).contains(task);
        assertThat(again).isNotEmpty();
        Struct s = (Struct) k.type(task);
        assertThat(s.members()).anyMatch(m -> m.name().equals("pid"));
        assertThat(k.sizeOf(task)).isEqualTo(s.size());
        // full decode and round trip
        long t4 = System.nanoTime();
        List<BtfType> all = k.types();
        long t5 = System.nanoTime();
        byte[] raw = k.toBytes();
        long t6 = System.nanoTime();
        System.out.printf("kernel BTF: decode all %.1f ms, write %.1f ms (%d bytes, original %d)%n",
                (t5 - t4) / 1e6, (t6 - t5) / 1e6, raw.length, Files.size(VMLINUX));
        Btf back = Btf.parse("rewritten", raw);
        assertThat(back.types()).isEqualTo(all);
        byte[] orig = Files.readAllBytes(VMLINUX);
        int mismatch = java.util.Arrays.mismatch(raw, orig);
        assertThat(mismatch).as("first differing byte of the rewritten kernel BTF").isEqualTo(-1);
    }

    @Test
    @Tag("kernel")
    void kernelBtfIsParsedOncePerProcessUntilFlushed() {
        Kernel.require(Files.exists(VMLINUX), "kernel BTF at " + VMLINUX);
        Btf k = KernelBtf.vmlinux();
        assertThat(KernelBtf.vmlinux()).isSameAs(k);
        KernelBtf.flushCache();
        Btf again = KernelBtf.vmlinux();
        assertThat(again).isNotSameAs(k);
        assertThat(again.typeCount()).isEqualTo(k.typeCount());
    }

    @Test
    void kernelModuleNamesArePlainFileNames() {
        for (String bad : List.of("", "../vmlinux", "a/b")) {
            assertThatThrownBy(() -> KernelBtf.module(bad)).isInstanceOf(BtfException.class)
                    .hasMessageContaining("bad kernel module name");
        }
    }

    @Test
    @Tag("kernel")
    void rawTextMatchesBpftool() throws Exception {
        Kernel.require(Files.exists(VMLINUX), "kernel BTF at " + VMLINUX);
        Process p;
        try {
            p = new ProcessBuilder("bpftool", "btf", "dump", "file", VMLINUX.toString(), "format", "raw")
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Kernel.require(false, "bpftool");
            return;
        }
        String expected = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        String mine = BtfText.dump(KernelBtf.vmlinux());
        String[] a = mine.split("\n"), b = expected.split("\n");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            assertThat(a[i]).as("line " + (i + 1)).isEqualTo(b[i]);
        }
        assertThat(a.length).isEqualTo(b.length);
    }
}
