package dev.ebee.internal.elf;

import dev.ebee.ElfException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ElfFileTest {
    static final Path BASH = Path.of("/bin/bash");
    static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @Test
    void bashHeaderSectionsAndDynamicSymbols() {
        assumeTrue(Files.exists(BASH), "/bin/bash");
        ElfFile elf = ElfFile.open(BASH);
        assertThat(elf.machine()).isEqualTo(ElfFile.EM_X86_64);
        assertThat(elf.type()).isIn(ElfFile.ET_EXEC, ElfFile.ET_DYN);
        assertThat(elf.section(".text")).isPresent();
        ElfSection text = elf.section(".text").orElseThrow();
        assertThat(text.isExecutable()).isTrue();
        assertThat(text.data().byteSize()).isEqualTo(text.size());
        ElfSection bss = elf.section(".bss").orElseThrow();
        assertThat(bss.isNoBits()).isTrue();
        assertThat(bss.data().byteSize()).isZero();
        assertThat(elf.dynamicSymbols()).anyMatch(s -> s.name().equals("readline") && s.isFunction() && s.isDefined());
        assertThat(elf.programHeaders()).anyMatch(p -> p.type() == ElfProgramHeader.PT_LOAD);
    }

    @Test
    void readlineFileOffsetPointsAtItsCode() {
        assumeTrue(Files.exists(BASH), "/bin/bash");
        ElfFile elf = ElfFile.open(BASH);
        ElfSymbol rl = elf.findSymbol("readline").orElseThrow();
        long off = elf.symbolFileOffset("readline");
        // the offset lies within .text's file range, at the same distance from .text as the address
        ElfSection text = elf.section(".text").orElseThrow();
        assertThat(off).isBetween(text.offset(), text.offset() + text.size() - 1);
        assertThat(off - text.offset()).isEqualTo(rl.value() - text.addr());
    }

    @Test
    void libcSymbolsNotesAndRelocations() {
        assumeTrue(Files.exists(LIBC), "libc");
        ElfFile elf = ElfFile.open(LIBC);
        assertThat(elf.type()).isEqualTo(ElfFile.ET_DYN);
        long malloc = elf.symbolFileOffset("malloc");
        ElfSection text = elf.section(".text").orElseThrow();
        ElfSymbol sym = elf.findSymbol("malloc").orElseThrow();
        assertThat(malloc - text.offset()).isEqualTo(sym.value() - text.addr());
        assertThat(elf.relocationSections()).isNotEmpty();
        assertThat(elf.relocationSections().getFirst().relocations()).isNotEmpty();
        assertThat(elf.notes()).isNotEmpty();
        assertThat(elf.buildId()).hasValueSatisfying(id -> assertThat(id).hasSize(40));
    }

    @Test
    void largeFilesAreMappedWithTheSameResults() throws IOException {
        assumeTrue(Files.exists(BASH), "/bin/bash");
        Path big = Files.createTempFile("ebee-big", ".elf");
        try {
            byte[] bash = Files.readAllBytes(BASH);
            Files.write(big, java.util.Arrays.copyOf(bash, Math.max(bash.length, 20 << 20)));
            ElfFile mapped = ElfFile.open(big);
            assertThat(mapped.data().isNative()).as("mapped, not read").isTrue();
            assertThat(mapped.symbolFileOffset("readline")).isEqualTo(ElfFile.open(BASH).symbolFileOffset("readline"));
        } finally {
            Files.delete(big);
        }
    }

    @Test
    void missingSymbolIsAClearError() {
        assumeTrue(Files.exists(BASH), "/bin/bash");
        ElfFile elf = ElfFile.open(BASH);
        assertThatThrownBy(() -> elf.symbolFileOffset("no_such_symbol_here"))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("no_such_symbol_here").hasMessageContaining("/bin/bash");
    }

    @Test
    void notElf() {
        assertThatThrownBy(() -> ElfFile.parse("x", new byte[100])).isInstanceOf(ElfException.class)
                .hasMessageContaining("x: not an ELF");
        assertThatThrownBy(() -> ElfFile.parse("y", new byte[3])).isInstanceOf(ElfException.class);
        assertThatThrownBy(() -> ElfFile.open(Path.of("/nonexistent/file"))).isInstanceOf(ElfException.class);
    }

    /** Parses and walks everything; only ElfException may come out. */
    static void exercise(String name, byte[] data) {
        try {
            ElfFile elf = ElfFile.parse(name, data);
            elf.symbols();
            elf.dynamicSymbols();
            for (ElfRelocationSection r : elf.relocationSections()) {
                r.relocations().size();
            }
            elf.notes();
            for (ElfSection s : elf.sections()) {
                s.bytes();
            }
            try {
                elf.symbolFileOffset("readline");
            } catch (ElfException e) {
                // fine
            }
        } catch (ElfException e) {
            assertThat(e.getMessage()).startsWith(name + ":");
        }
    }

    @Test
    void truncatedAndCorruptedInputsGiveOnlyElfException() throws IOException {
        Path src = Files.exists(BASH) ? BASH : Path.of(System.getProperty("java.home"), "bin", "java");
        byte[] whole = Files.readAllBytes(src);
        int step = Math.max(1, whole.length / 400);
        for (int len = 0; len < whole.length; len += (len < 4096 ? 7 : step)) {
            exercise("trunc" + len, java.util.Arrays.copyOf(whole, len));
        }
        // keep the section/program header tables (at the end) but truncate the middle
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] copy = whole.clone();
            int flips = 1 + rnd.nextInt(8);
            for (int f = 0; f < flips; f++) {
                // aim at the headers most of the time
                int pos = rnd.nextInt(4) == 0 ? rnd.nextInt(copy.length) : headerPosition(whole, rnd);
                copy[pos] = (byte) rnd.nextInt(256);
            }
            exercise("flip" + i, copy);
        }
    }

    private static int headerPosition(byte[] whole, Random rnd) {
        ElfFile elf = ElfFile.parse("orig", whole);
        int which = rnd.nextInt(3);
        if (which == 0) {
            return rnd.nextInt(64);
        }
        long shoff = java.nio.ByteBuffer.wrap(whole).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(40);
        int shnum = elf.sections().size();
        if (which == 1 && shnum > 0) {
            return (int) (shoff + rnd.nextInt(shnum * 64));
        }
        ElfSection dynsym = elf.section(".dynsym").orElse(elf.sections().get(0));
        return (int) (dynsym.offset() + (dynsym.size() == 0 ? 0 : rnd.nextInt((int) dynsym.size())));
    }

    /** A BPF object compiled by clang-19: what the object loader reads. */
    @Test
    void bpfObjectSectionsSymbolsAndRelocations(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        dev.ebee.testing.Kernel.require(dev.ebee.btf.Clang.present(), "clang-19");
        byte[] raw = Files.readAllBytes(dev.ebee.btf.Clang.compileBpf(dir, "/btf/core_test.bpf.c"));
        ElfFile elf = ElfFile.parse("o.o", raw);
        assertThat(elf.machine()).isEqualTo(ElfFile.EM_BPF);
        assertThat(elf.type()).isEqualTo(ElfFile.ET_REL);
        ElfSection prog = elf.section("raw_tp/sys_enter").orElseThrow();
        assertThat(prog.isExecutable()).isTrue();
        assertThat(prog.size() % 8).isZero();
        ElfSymbol probe = elf.symbols().stream().filter(s -> s.name().equals("probe")).findFirst().orElseThrow();
        assertThat(probe.isFunction()).isTrue();
        assertThat(probe.isGlobal()).isTrue();
        assertThat(probe.sectionIndex()).isEqualTo(prog.index());
        assertThat(elf.section("license").orElseThrow().bytes()).startsWith("GPL".getBytes());
        assertThat(elf.section(".bss").orElseThrow().isNoBits()).isTrue();
        java.util.List<ElfRelocationSection> rels = elf.relocationsFor(prog);
        assertThat(rels).hasSize(1);
        ElfRelocationSection rs = rels.getFirst();
        assertThat(rs.rela()).isFalse();
        java.util.List<ElfSymbol> table = elf.symbols(rs.symbolTable());
        assertThat(rs.relocations()).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo(ElfRelocation.R_BPF_64_64);
            assertThat(r.offset() % 8).isZero();
            assertThat(r.offset()).isLessThan(prog.size());
        });
        assertThat(rs.relocations()).extracting(r -> table.get(r.symbolIndex()).name())
                .contains("results", "counter", "config", "zeroed");
        // every truncation of a real object gives ElfException or a consistent parse
        for (int len = 0; len < raw.length; len += 3) {
            exercise("bpf" + len, java.util.Arrays.copyOf(raw, len));
        }
    }

    @Test
    void hugeDeclaredCountsAreRejectedNotAllocated() {
        byte[] h = new byte[128];
        h[0] = 0x7f; h[1] = 'E'; h[2] = 'L'; h[3] = 'F'; h[4] = 2; h[5] = 1; h[6] = 1;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(40, 64); // shoff
        b.putShort(58, (short) 64);
        b.putShort(60, (short) 0); // extended count in section 0's size
        b.putLong(64 + 32, Long.MAX_VALUE);
        assertThatThrownBy(() -> ElfFile.parse("huge", h)).isInstanceOf(ElfException.class)
                .hasMessageContaining("huge:");
        b.putLong(64 + 32, 0x7fffffffL);
        assertThatThrownBy(() -> ElfFile.parse("huge2", h)).isInstanceOf(ElfException.class);
    }
}
