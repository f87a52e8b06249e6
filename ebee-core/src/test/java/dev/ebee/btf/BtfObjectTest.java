package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.asm.Insn;
import dev.ebee.internal.elf.ElfFile;
import dev.ebee.internal.elf.ElfSection;
import dev.ebee.internal.elf.ElfSymbol;
import dev.ebee.SyscallException;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BTF of a BPF object compiled by clang-19: .BTF/.BTF.ext parsing, fix-ups, loading, CO-RE against the kernel. */
class BtfObjectTest {
    static ElfFile elf;
    static Btf btf;
    static BtfExt ext;

    @org.junit.jupiter.api.io.TempDir
    static Path dir;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.require(BtfCWriterTest.clangPresent(), BtfCWriterTest.CLANG);
        BtfCWriterTest.resource(dir, "core_test.bpf.c");
        BtfCWriterTest.clang(dir, "-O2", "-g", "-target", "bpf", "-D__TARGET_ARCH_x86", "-I/usr/include/x86_64-linux-gnu",
                "-c", "core_test.bpf.c", "-o", "core_test.o");
        elf = ElfFile.open(dir.resolve("core_test.o"));
        btf = Btf.parse("core_test.o .BTF", elf.section(".BTF").orElseThrow().bytes());
        ext = BtfExt.parse("core_test.o .BTF.ext", elf.section(".BTF.ext").orElseThrow().bytes(), btf);
    }

    @Test
    void objectBtfAndExtParse() {
        assertThat(elf.machine()).isEqualTo(ElfFile.EM_BPF);
        assertThat(btf.typeId("task_struct___mine", BtfType.KIND_STRUCT)).isPresent();
        assertThat(ext.funcInfos()).containsKey("raw_tp/sys_enter");
        assertThat(ext.funcInfos().get("raw_tp/sys_enter").getFirst().insnOff()).isZero();
        List<BtfExt.LineInfo> lines = ext.lineInfos().get("raw_tp/sys_enter");
        assertThat(lines).isNotEmpty();
        assertThat(lines).anyMatch(l -> l.fileName().endsWith("core_test.bpf.c") && l.line().contains("BPF_CORE_READ")
                && l.lineNumber() > 20);
        List<BtfExt.CoreRelo> relos = ext.coreRelos().get("raw_tp/sys_enter");
        assertThat(relos).extracting(BtfExt.CoreRelo::kind).contains(CoreKind.FIELD_BYTE_OFFSET, CoreKind.FIELD_EXISTS,
                CoreKind.ENUMVAL_VALUE, CoreKind.ENUMVAL_EXISTS, CoreKind.TYPE_SIZE);
        assertThat(BtfText.dump(btf)).contains("DATASEC '.data'").contains("STRUCT 'task_struct___mine'");
    }

    @Test
    void corruptExtGivesOnlyBtfException() {
        byte[] good = elf.section(".BTF.ext").orElseThrow().bytes();
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < good.length + 2000; i++) {
            byte[] b = i < good.length ? java.util.Arrays.copyOf(good, i) : good.clone();
            if (i >= good.length) {
                for (int f = 1 + rnd.nextInt(4); f > 0; f--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            try {
                BtfExt.parse("ext" + i, b, btf);
            } catch (BtfException e) {
                assertThat(e.getMessage()).startsWith("ext" + i + ":");
            }
        }
        byte[] obj = elf.section(".BTF").orElseThrow().bytes();
        for (int i = 0; i < 2000; i++) {
            byte[] b = obj.clone();
            for (int f = 1 + rnd.nextInt(4); f > 0; f--) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            BtfTest.exercise("obj" + i, b);
        }
    }

    @Test
    void objectRoundTrip() {
        Btf again = Btf.parse("rewritten", btf.toBytes());
        assertThat(again.types()).isEqualTo(btf.types());
        // string offsets are kept, so .BTF.ext still resolves against the rewritten BTF
        assertThat(BtfExt.parse("ext", elf.section(".BTF.ext").orElseThrow().bytes(), again)).isEqualTo(ext);
    }

    /** DATASEC sizes and offsets as the loader fixes them from the ELF sections and symbols. */
    static Btf fixedUp() {
        return btf.fixupDatasecs(
                sec -> elf.section(sec).map(ElfSection::size).orElse(null),
                (sec, var) -> elf.symbols().stream().filter(s -> s.name().equals(var) && s.isDefined()
                                && s.sectionIndex() < elf.sections().size()
                                && elf.section(s.sectionIndex()).name().equals(sec))
                        .map(ElfSymbol::value).findFirst().orElse(null));
    }

    @Test
    void datasecFixup() {
        Btf fixed = fixedUp();
        int id = fixed.requireType(".bss", BtfType.KIND_DATASEC);
        BtfType.Datasec ds = (BtfType.Datasec) fixed.type(id);
        assertThat((long) ds.size()).isEqualTo(elf.section(".bss").orElseThrow().size());
        ElfSymbol results = elf.symbols().stream().filter(s -> s.name().equals("results")).findFirst().orElseThrow();
        assertThat(ds.vars()).anyMatch(v -> fixed.name(v.type()).equals("results") && v.offset() == results.value());
    }

    @Test
    @Tag("kernel")
    void loadsIntoTheKernel() {
        Kernel.requireBpf();
        try (BtfHandle h = BtfHandle.load(fixedUp())) {
            assertThat(h.fd()).isPositive();
        }
    }

    @Test
    @Tag("kernel")
    void kernelRefusalCarriesTheLog() {
        Kernel.requireBpf();
        // a member beyond the struct's size: the kernel's BTF verifier refuses it
        Btf bad = Btf.of(List.of(new BtfType.Int("int", 4, BtfType.INT_SIGNED, 0, 32),
                new BtfType.Struct("bad", 4, List.of(new BtfType.Member("m", 1, 64, 0)), false)));
        assertThatThrownBy(() -> BtfHandle.load(bad)).isInstanceOf(SyscallException.class)
                .hasMessageContaining("BPF_BTF_LOAD").hasMessageContaining("kernel log").hasMessageContaining("bad");
    }

    @Test
    @Tag("kernel")
    void coreRelocationsAgainstTheKernel() {
        Kernel.requireBpf();
        Btf kernel = KernelBtf.vmlinux();
        CoreRelocator core = new CoreRelocator(btf, kernel);
        int task = kernel.requireType("task_struct", BtfType.KIND_STRUCT);
        Map<String, Long> offsets = new java.util.HashMap<>();
        for (BtfType.Member m : ((BtfType.Struct) kernel.type(task)).members()) {
            offsets.put(m.name(), (long) m.bitOffset() / 8);
        }
        ElfSection text = elf.section("raw_tp/sys_enter").orElseThrow();
        Insn[] insns = new Insn[(int) (text.size() / 8)];
        for (int i = 0; i < insns.length; i++) {
            insns[i] = Insn.read(text.data(), i * 8L);
        }
        boolean sawPid = false, sawMissing = false, sawEnum = false, sawSize = false;
        for (BtfExt.CoreRelo r : ext.coreRelos().get("raw_tp/sys_enter")) {
            CoreRelocator.Result res = core.relocate(r);
            String field = r.kind().isFieldBased() ? fieldName(r) : "";
            switch (r.kind()) {
                case FIELD_BYTE_OFFSET -> {
                    assertThat(res.poison()).as(res.explanation()).isFalse();
                    assertThat(res.newValue()).as(res.explanation()).isEqualTo(offsets.get(field));
                    sawPid |= field.equals("pid");
                }
                case FIELD_EXISTS -> {
                    assertThat(res.newValue()).as(res.explanation()).isZero();
                    sawMissing = true;
                }
                case ENUMVAL_VALUE -> {
                    assertThat(res.newValue()).as(res.explanation()).isEqualTo(1); // PIDTYPE_TGID
                    sawEnum = true;
                }
                case ENUMVAL_EXISTS -> assertThat(res.newValue()).as(res.explanation()).isZero();
                case TYPE_SIZE -> {
                    assertThat(res.newValue()).isEqualTo(kernel.sizeOf(task));
                    sawSize = true;
                }
                default -> {
                }
            }
            CoreRelocator.patch(insns, r.insnOff() / 8, res);
        }
        assertThat(sawPid && sawMissing && sawEnum && sawSize).isTrue();
    }

    private static String fieldName(BtfExt.CoreRelo r) {
        String[] acc = r.accessString().split(":");
        int id = btf.resolve(r.typeId());
        String name = "";
        for (int i = 1; i < acc.length; i++) {
            BtfType.Member m = ((BtfType.Composite) btf.type(id)).members().get(Integer.parseInt(acc[i]));
            name = m.name();
            id = btf.resolve(m.type());
        }
        return name;
    }
}
