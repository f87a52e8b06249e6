package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.ElfException;
import dev.ebee.internal.elf.ElfFile;
import dev.ebee.internal.elf.ElfSection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link UprobeTarget#resolve} on programs built at test time whose libraries live where only
 * their RUNPATH or RPATH ($ORIGIN-relative) finds them, directly or through another library.
 */
class SymbolScopeTest {
    @TempDir
    static Path dir;
    static Path libDef;
    static Path runpathUser;
    static Path rpathUser;
    static Path transitiveUser;

    @BeforeAll
    static void compile() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        libDef = sub.resolve("libebeedef.so");
        Path libMid = sub.resolve("libebeemid.so");
        gcc("def.c", "int ebee_def_fn(int x) { return x + 1; }\n",
                "-shared", "-fPIC", "-o", libDef.toString());
        gcc("mid.c", "int ebee_def_fn(int x);\nint ebee_mid_fn(int x) { return ebee_def_fn(x) * 2; }\n",
                "-shared", "-fPIC", "-o", libMid.toString(), "-L" + sub, "-lebeedef", "-Wl,-rpath,$ORIGIN");
        String callsDef = "int ebee_def_fn(int x);\nint main(void) { return ebee_def_fn(1) == 2 ? 0 : 1; }\n";
        runpathUser = dir.resolve("runpath-user");
        gcc("runpath.c", callsDef, "-o", runpathUser.toString(), "-L" + sub, "-lebeedef",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN/sub");
        rpathUser = dir.resolve("rpath-user");
        gcc("rpath.c", callsDef, "-o", rpathUser.toString(), "-L" + sub, "-lebeedef",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/sub");
        transitiveUser = dir.resolve("transitive-user");
        gcc("transitive.c", "int ebee_mid_fn(int x);\nint main(void) { return ebee_mid_fn(1) == 4 ? 0 : 1; }\n",
                "-o", transitiveUser.toString(), "-L" + sub, "-lebeemid", "-Wl,-rpath-link," + sub,
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN/sub");
    }

    private static void gcc(String source, String text, String... args) throws Exception {
        Path src = dir.resolve(source);
        Files.writeString(src, text);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O1", src.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            abort("gcc is needed to build the test programs");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("gcc: %s", out).isZero();
    }

    @Test
    void theProgramItselfWhenItDefinesTheSymbol() throws Exception {
        UprobeTarget t = UprobeTarget.resolve(runpathUser.toString(), "main");
        assertThat(Path.of(t.binary())).isEqualTo(runpathUser.toRealPath());
        assertThat(t.symbol()).isNull();
        assertThat(t.offset()).isEqualTo(Uprobe.symbolOffset(runpathUser, "main"));
    }

    @Test
    void aLibraryFoundThroughRunpathOrRpath() throws Exception {
        for (Path user : List.of(runpathUser, rpathUser)) {
            UprobeTarget t = UprobeTarget.resolve(user.toString(), "ebee_def_fn");
            assertThat(Path.of(t.binary())).as("%s", user.getFileName()).isEqualTo(libDef.toRealPath());
            assertThat(t.offset()).isEqualTo(Uprobe.symbolOffset(libDef, "ebee_def_fn"));
        }
    }

    /** libebeedef is needed by libebeemid only, found through libebeemid's own $ORIGIN. */
    @Test
    void aLibraryOfALibrary() throws Exception {
        UprobeTarget t = UprobeTarget.resolve(transitiveUser.toString(), "ebee_def_fn");
        assertThat(Path.of(t.binary())).isEqualTo(libDef.toRealPath());
    }

    @Test
    void dynamicEntriesAndSearchPath() {
        DynamicSection runpath = DynamicSection.of(ElfFile.open(runpathUser));
        assertThat(runpath.needed()).contains("libebeedef.so", "libc.so.6");
        assertThat(runpath.runpath()).containsExactly("$ORIGIN/sub");
        assertThat(runpath.searchPath(dir)).containsExactly(dir.resolve("sub"));
        DynamicSection rpath = DynamicSection.of(ElfFile.open(rpathUser));
        assertThat(rpath.runpath()).isEmpty();
        assertThat(rpath.rpath()).containsExactly("$ORIGIN/sub");
        assertThat(rpath.searchPath(dir)).containsExactly(dir.resolve("sub"));
        assertThat(DynamicSection.of(ElfFile.open(libDef)).needed()).doesNotContain("libebeedef.so");
    }

    @Test
    void systemPrograms() throws Exception {
        Path bash = Path.of("/bin/bash"), bc = Path.of("/usr/bin/bc");
        assumeTrue(Files.exists(bash) && Files.exists(bc), "/bin/bash and /usr/bin/bc");
        assertThat(Path.of(UprobeTarget.resolve("/bin/bash", "readline").binary())).isEqualTo(bash.toRealPath());
        UprobeTarget readline = UprobeTarget.resolve("bc", "readline");
        assertThat(Path.of(readline.binary()).getFileName().toString()).startsWith("libreadline.so");
        assertThat(readline.offset()).isEqualTo(Uprobe.symbolOffset(Path.of(readline.binary()), "readline"));
    }

    @Test
    void failuresSayWhat() throws Exception {
        assertThatThrownBy(() -> UprobeTarget.resolve(runpathUser.toString(), "no_such_function_ebee"))
                .isInstanceOf(AttachTargetNotFoundException.class).hasMessageContaining("no_such_function_ebee");
        assertThatThrownBy(() -> UprobeTarget.resolve(dir.resolve("nope").toString(), "main"))
                .isInstanceOf(AttachTargetNotFoundException.class).hasMessageContaining("nope");
        Path text = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho text, not ELF\n".repeat(4));
        assertThatThrownBy(() -> UprobeTarget.resolve(text.toString(), "main")).isInstanceOf(ElfException.class);
        assertThatThrownBy(() -> UprobeTarget.resolve(text.toString(), "")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A DT_NEEDED entry naming a string past the end of its table. */
    @Test
    void aDynamicEntryOutsideItsStringTableIsAnElfError() throws Exception {
        byte[] bytes = Files.readAllBytes(runpathUser);
        ElfSection dynamic = ElfFile.parse("user", bytes).sections().stream()
                .filter(s -> s.type() == ElfSection.SHT_DYNAMIC).findFirst().orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (long e = dynamic.offset(); e < dynamic.offset() + dynamic.size(); e += 16) {
            if (b.getLong((int) e) == 1) { // DT_NEEDED
                b.putLong((int) e + 8, 0x7fff_ffffL);
                break;
            }
        }
        assertThatThrownBy(() -> DynamicSection.of(ElfFile.parse("user", bytes)))
                .isInstanceOf(ElfException.class).hasMessageContaining("outside");
    }
}
