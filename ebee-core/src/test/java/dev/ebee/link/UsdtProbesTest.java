package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.internal.elf.ElfFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stapsdt notes of the JDKs' libjvm.so, checked against binutils' readelf and the code itself. */
class UsdtProbesTest {
    static final String TEMURIN = "/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so";
    static final String DEBIAN_17 = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";

    /** Temurin 25's libjvm.so, where usdt_jvm.c's section names it. */
    static Path libjvmPathOrSkip() {
        return libjvm(TEMURIN);
    }

    static Path libjvm(String path) {
        Path p = Path.of(path);
        Assumptions.assumeTrue(Files.isRegularFile(p), "no " + path + " on this machine");
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {TEMURIN, DEBIAN_17})
    void everyNoteOfLibjvmAsReadelfShowsIt(String path) throws Exception {
        Path lib = libjvm(path);
        List<UsdtProbe> probes = UsdtProbes.read(lib);
        List<String[]> readelf = readelfNotes(lib);
        assertThat(probes).hasSizeGreaterThan(500).hasSize(readelf.size());
        for (int i = 0; i < probes.size(); i++) {
            UsdtProbe p = probes.get(i);
            String[] r = readelf.get(i);
            assertThat(p.provider()).isEqualTo(r[0]);
            assertThat(p.name()).isEqualTo(r[1]);
            assertThat(p.base()).isEqualTo(Long.parseUnsignedLong(r[3], 16));
            assertThat(p.arguments()).isEqualTo(r[5]);
            assertThat(p.semaphoreAddress()).isEqualTo(Long.parseUnsignedLong(r[4], 16));
        }
        assertThat(probes).extracting(UsdtProbe::provider).contains("hotspot", "hotspot_jni");
        assertThat(probes).extracting(UsdtProbe::name).contains("gc__begin", "gc__end", "mem__pool__gc__begin",
                "thread__start", "class__loaded", "vm__init__end");
    }

    /** Not prelinked, so .stapsdt.base is where the notes say it is; each site is the NOP sys/sdt.h puts there. */
    @ParameterizedTest
    @ValueSource(strings = {TEMURIN, DEBIAN_17})
    void probeSitesAreNopsAtTheirFileOffsets(String path) throws Exception {
        Path lib = libjvm(path);
        ElfFile elf = ElfFile.open(lib);
        long baseAddr = elf.section(".stapsdt.base").orElseThrow().addr();
        List<String[]> readelf = readelfNotes(lib);
        List<UsdtProbe> probes = UsdtProbes.read(lib);
        byte[] bytes = Files.readAllBytes(lib);
        for (int i = 0; i < probes.size(); i++) {
            UsdtProbe p = probes.get(i);
            assertThat(p.base()).isEqualTo(baseAddr);
            assertThat(p.address()).isEqualTo(Long.parseUnsignedLong(readelf.get(i)[2], 16));
            assertThat(p.fileOffset()).isEqualTo(elf.addressToFileOffset(p.address()));
            assertThat(bytes[(int) p.fileOffset()]).as("%s", p).isEqualTo((byte) 0x90);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TEMURIN, DEBIAN_17})
    void everyArgumentOfLibjvmParses(String path) {
        for (UsdtProbe p : UsdtProbes.read(libjvm(path))) {
            List<UsdtArgument> args = p.parsedArguments();
            assertThat(args).hasSize(p.arguments().isBlank() ? 0 : p.arguments().trim().split(" +").length);
            for (UsdtArgument a : args) {
                if (a.kind() != UsdtArgument.Kind.CONSTANT) {
                    assertThat(a.registerOffset()).as("%s in %s", a, p).isBetween(0, 152);
                }
            }
        }
    }

    @Test
    void missingProbeListsTheNearestNames() {
        Path lib = libjvm(TEMURIN);
        assertThatThrownBy(() -> UsdtProbes.find(lib, "hotspot", "gc_begin"))
                .isInstanceOf(AttachTargetNotFoundException.class)
                .hasMessageStartingWith("no USDT probe hotspot:gc_begin in " + lib + "; nearest: hotspot:gc__begin");
    }

    @Test
    void binaryWithoutNotesSaysSo() {
        Path sh = Path.of("/bin/sh");
        assertThatThrownBy(() -> UsdtProbes.find(sh, "x", "y"))
                .isInstanceOf(AttachTargetNotFoundException.class)
                .hasMessage("/bin/sh has no USDT probes (no .note.stapsdt notes)");
        assertThatThrownBy(() -> UsdtProbes.read(Path.of("/etc/hostname")))
                .isInstanceOf(AttachTargetNotFoundException.class).hasMessageStartingWith("cannot read /etc/hostname as ELF");
    }

    @Test
    void aProcessMapsItsExecutableAndLibraries() {
        List<Path> files = UsdtProbes.mappedFiles((int) ProcessHandle.current().pid());
        assertThat(files).anyMatch(f -> f.getFileName().toString().equals("libjvm.so"));
        Path jvm = UsdtProbes.mappedFile((int) ProcessHandle.current().pid(), "libjvm.so");
        assertThat(jvm.getFileName().toString()).isEqualTo("libjvm.so");
        assertThatThrownBy(() -> UsdtProbes.mappedFile((int) ProcessHandle.current().pid(), "libnosuch.so"))
                .isInstanceOf(AttachTargetNotFoundException.class)
                .hasMessage("process " + ProcessHandle.current().pid() + " maps no file libnosuch.so");
        assertThatThrownBy(() -> UsdtProbes.mappedFiles(Integer.MAX_VALUE))
                .isInstanceOf(AttachTargetNotFoundException.class).hasMessageStartingWith("no process " + Integer.MAX_VALUE);
    }

    private static final Pattern NOTE = Pattern.compile(
            "Provider: (\\S+)\\s+Name: (\\S+)\\s+Location: 0x([0-9a-f]+), Base: 0x([0-9a-f]+), Semaphore: 0x([0-9a-f]+)\\s+Arguments: ?([^\\n]*)");

    /** readelf -n's stapsdt notes: provider, name, location, base, semaphore, arguments. */
    static List<String[]> readelfNotes(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("readelf", "-n", "-W", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Matcher m = NOTE.matcher(out);
        List<String[]> notes = new java.util.ArrayList<>();
        while (m.find()) {
            notes.add(new String[]{m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6).strip()});
        }
        return notes;
    }
}
