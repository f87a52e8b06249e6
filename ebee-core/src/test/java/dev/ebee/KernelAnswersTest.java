package dev.ebee;

import dev.ebee.realworld.EmbeddedObjects;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The on-disk cache of what loads ask of the kernel's BTF: a second load of an object takes every
 * answer from it, without reading the kernel's BTF, and hands the kernel the same instructions;
 * a damaged, foreign or unusable cache is ignored and the load is the same.
 */
@Tag("kernel")
class KernelAnswersTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void kernel() {
        Kernel.requireBpf();
    }

    @BeforeEach
    void cacheInTempDir() {
        System.setProperty("ebee.cache.dir", dir.resolve("cache").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("ebee.cache.dir");
        System.clearProperty("ebee.cache");
        KernelAnswers.identityForTests = null;
    }

    /** CO-RE against the kernel's task_struct (the other program's type exists only in a test BTF). */
    private static CollectionSpec core() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("core"));
        spec.setAutoload("read_struct", false);
        return spec;
    }

    /** kfunc ids, ksym ids, a missing weak kfunc and variable. */
    private static CollectionSpec kfuncs() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("kfuncs"));
        spec.setAutoload("call_missing_kfunc", false);
        return spec;
    }

    /** The object libbpf-tools' execsnoop (or another of its tools) embeds. */
    private static Supplier<CollectionSpec> libbpfTool(String tool) {
        Path exe = Path.of("/usr/sbin", tool);
        Kernel.require(Files.isExecutable(exe), "Debian's libbpf-tools (apt-get install libbpf-tools)");
        try {
            byte[] obj = EmbeddedObjects.in(exe.toRealPath()).getFirst();
            return () -> ObjectFile.parse(tool + ".bpf.o", obj);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each program's tag: the kernel's hash of the instructions it was given (map fds left out). */
    private static Map<String, String> loadTags(CollectionSpec spec) {
        try (Collection c = spec.load()) {
            Map<String, String> tags = new TreeMap<>();
            c.programs().forEach((name, p) -> tags.put(name, p.info().tag()));
            assertThat(tags).isNotEmpty();
            return tags;
        }
    }

    private void missThenHit(Supplier<CollectionSpec> spec) {
        int before = KernelAnswers.KERNEL_BTF_READS.get();
        Map<String, String> miss = loadTags(spec.get());
        assertThat(KernelAnswers.KERNEL_BTF_READS.get()).as("a miss reads the kernel's BTF").isGreaterThan(before);
        assertThat(cacheFiles()).hasSize(1);
        int afterMiss = KernelAnswers.KERNEL_BTF_READS.get();
        Map<String, String> hit = loadTags(spec.get());
        assertThat(KernelAnswers.KERNEL_BTF_READS.get()).as("a hit does not read the kernel's BTF").isEqualTo(afterMiss);
        assertThat(hit).isEqualTo(miss);
    }

    @Test
    void coreHitLoadsTheSameInstructionsWithoutKernelBtf() {
        missThenHit(KernelAnswersTest::core);
    }

    @Test
    void kfuncAndKsymIdsComeFromTheCache() {
        // the object calls bpf_task_release (not weak): kernels before the task kfuncs (6.2) refuse it,
        // as ObjectFileTest checks; looked up in the kernel's BTF, not guessed from a version
        boolean taskKfuncs = dev.ebee.btf.KernelTargets.function(dev.ebee.btf.KernelBtf.vmlinux(), "bpf_task_release").isPresent();
        Kernel.assumeProbe(new dev.ebee.features.Features.Probe("the task kfuncs", taskKfuncs,
                "no bpf_task_release in /sys/kernel/btf/vmlinux (Linux 6.2+)"));
        missThenHit(KernelAnswersTest::kfuncs);
    }

    @Test
    void execsnoopOfLibbpfToolsHits() {
        missThenHit(libbpfTool("execsnoop"));
    }

    @Test
    void runqlatAttachIdsComeFromTheCache() {
        missThenHit(libbpfTool("runqlat")); // tp_btf programs: attach BTF ids
    }

    private List<Path> cacheFiles() {
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Damages the one cache file, then checks that a load ignores it, is right, and writes a good file again. */
    private void ignoredWhen(String damage, IoAction change) throws IOException {
        Map<String, String> good = loadTags(core());
        Path file = cacheFiles().getFirst();
        change.apply(file);
        int before = KernelAnswers.KERNEL_BTF_READS.get();
        assertThat(loadTags(core())).as(damage).isEqualTo(good);
        assertThat(KernelAnswers.KERNEL_BTF_READS.get()).as(damage + ": not taken").isGreaterThan(before);
        int afterMiss = KernelAnswers.KERNEL_BTF_READS.get();
        assertThat(loadTags(core())).isEqualTo(good);
        assertThat(KernelAnswers.KERNEL_BTF_READS.get()).as(damage + ": replaced by a good file").isEqualTo(afterMiss);
    }

    interface IoAction {
        void apply(Path file) throws IOException;
    }

    @Test
    void aFlippedByteIsIgnored() throws IOException {
        ignoredWhen("flipped byte", f -> {
            byte[] b = Files.readAllBytes(f);
            b[b.length - 3] ^= 0x40;
            Files.write(f, b);
        });
    }

    @Test
    void aTruncatedFileIsIgnored() throws IOException {
        ignoredWhen("truncated", f -> {
            byte[] b = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        });
    }

    @Test
    void anotherFormatVersionIsIgnored() throws IOException {
        ignoredWhen("version", f -> {
            byte[] b = Files.readAllBytes(f);
            b[11]++; // the version follows the 8-byte magic
            Files.write(f, b);
        });
    }

    @Test
    void aFileOfAnotherUserIsIgnored() throws IOException {
        Kernel.require(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "root (to give a file away)");
        ignoredWhen("owned by nobody", f -> Files.setAttribute(f, "unix:uid", 65534));
    }

    @Test
    void aWorldWritableFileIsIgnored() throws IOException {
        ignoredWhen("mode 0666", f -> Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-")));
    }

    @Test
    void anotherKernelMisses() {
        loadTags(core());
        KernelAnswers.identityForTests = "build-id 00, a kernel booted later";
        int before = KernelAnswers.KERNEL_BTF_READS.get();
        loadTags(core());
        assertThat(KernelAnswers.KERNEL_BTF_READS.get()).isGreaterThan(before);
        assertThat(cacheFiles()).hasSize(2);
    }

    @Test
    void anUnusableCacheDirectoryOnlyCostsTheCache() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        System.setProperty("ebee.cache.dir", notADir.resolve("cache").toString());
        Map<String, String> first = loadTags(core());
        int before = KernelAnswers.KERNEL_BTF_READS.get();
        assertThat(loadTags(core())).isEqualTo(first);
        assertThat(KernelAnswers.KERNEL_BTF_READS.get()).isGreaterThan(before);
    }

    @Test
    void offWhenDisabledOrWithATargetBtf() {
        System.setProperty("ebee.cache", "false");
        loadTags(core());
        System.clearProperty("ebee.cache");
        CollectionSpec spec = core();
        try (Collection c = spec.load(Collection.Options.DEFAULT.withTargetBtf(dev.ebee.btf.KernelBtf.vmlinux()))) {
            assertThat(c.programs()).isNotEmpty();
        }
        assertThat(dir.resolve("cache")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }
}
