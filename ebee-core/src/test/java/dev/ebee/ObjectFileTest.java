package dev.ebee;

import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfType;
import dev.ebee.internal.sys.Cpus;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectFileTest {

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static long le64(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong(off);
    }

    @Test
    void parsesProgramsMapsAndVariablesWithoutKernel() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("maps"));
        assertThat(spec.programs()).containsOnlyKeys("run", "tail_target");
        ProgramSpec run = spec.program("run");
        assertThat(run.type()).isEqualTo(ProgramType.SYSCALL);
        assertThat(run.flags() & dev.ebee.internal.sys.Bpf.F_SLEEPABLE).isNotZero();
        assertThat(spec.program("tail_target").type()).isEqualTo(ProgramType.SOCKET_FILTER);
        assertThat(spec.maps()).containsKeys("hash_map", "array_map", "percpu_map", "lru_map", "lpm_map", "events",
                "perf_map", "queue_map", "bloom_map", "inner_a", "inner_b", "outer", "jump_table", ".rodata", ".data",
                ".bss", ".data.custom", ".rodata.custom");
        MapSpec hash = spec.map("hash_map");
        assertThat(hash.type()).isEqualTo(MapType.HASH);
        assertThat(hash.keySize()).isEqualTo(4);
        assertThat(hash.valueSize()).isEqualTo(16);
        assertThat(hash.maxEntries()).isEqualTo(64);
        assertThat(spec.map("events").maxEntries()).isEqualTo(64 * 1024);
        assertThat(spec.map("perf_map").maxEntries()).isZero(); // sized at load: one slot per CPU
        assertThat(spec.map("bloom_map").mapExtra()).isEqualTo(3);
        assertThat(spec.map("lpm_map").flags()).isEqualTo(MapSpec.F_NO_PREALLOC);
        assertThat(spec.map("outer").innerMap()).isNotNull();
        assertThat(spec.map("outer").contents()).extracting(MapSpec.Entry::reference).containsExactly("inner_a", "inner_b");
        assertThat(spec.map("jump_table").contents()).extracting(MapSpec.Entry::reference).containsExactly("tail_target");
        assertThat(spec.map(".rodata").freeze()).isTrue();
        assertThat(spec.variables()).containsKeys("multiplier", "greeting", "counter", "result", "custom_data", "custom_ro");
        assertThat(spec.variable("multiplier").constant()).isTrue();
        assertThat(spec.variable("counter").constant()).isFalse();
        assertThat(spec.variable("counter").global()).isTrue();
        assertThat(spec.variable("runs").global()).isFalse();
        // subprograms (static scale, global global_add, the bpf_loop callback) are linked into run
        assertThat(run.instructions().size()).isGreaterThan(30);
        assertThat(run.references()).extracting(ProgramSpec.Reference::target)
                .contains("array_map", "hash_map", ".bss", ".rodata", ".data");
        assertThat(run.btfInfo()).isNotNull();
        assertThat(run.btfInfo().funcInfoCount()).isEqualTo(4); // run, scale, global_add, loop_cb
    }

    @Test
    void constantsAreSettableBeforeLoad() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("maps"));
        assertThat(spec.get("multiplier")).containsExactly(u32(3));
        spec.setConstant("multiplier", 10);
        assertThat(spec.get("multiplier")).containsExactly(u32(10));
        spec.setConstant("greeting", "yo");
        assertThatThrownBy(() -> spec.setConstant("counter", 1)).isInstanceOf(EbeeException.class)
                .hasMessageContaining("not a constant");
        assertThatThrownBy(() -> spec.setConstant("nope", 1)).isInstanceOf(EbeeException.class)
                .hasMessageContaining("no global variable nope");
        assertThatThrownBy(() -> spec.setConstant("greeting", "far too long")).isInstanceOf(EbeeException.class);
    }

    @Test
    @Tag("kernel")
    void loadsAndRunsWithMapsGlobalsSubprogramsAndCallbacks() {
        Kernel.requireBpf();
        CollectionSpec spec = ObjectFile.open(TestObjects.path("maps"));
        spec.setConstant("multiplier", 10);
        try (Collection c = spec.load()) {
            assertThat(c.btfFd()).isPositive();
            c.program("run").testRun(null, new byte[8], 1);
            assertThat(le64(c.map("array_map").lookup(u32(0)), 0)).isEqualTo(42);
            byte[] pair = c.map("hash_map").lookup(u32(0));
            assertThat(ByteBuffer.wrap(pair).order(ByteOrder.nativeOrder()).getInt(0)).isEqualTo(1);
            assertThat(le64(pair, 8)).isEqualTo(2);
            assertThat(c.variable("loops").getLong()).isEqualTo(6);
            // scale(counter = 5) * 10 + global_add(7, 11) + 'h'
            assertThat(c.variable("result").getLong()).isEqualTo(50 + 18 + 'h');
            assertThat(c.variable("counter").getLong()).isEqualTo(6);
            assertThat(c.map("perf_map").maxEntries()).isEqualTo(Cpus.possibleCount());
            int tailId = c.program("tail_target").info().id();
            assertThat(ByteBuffer.wrap(c.map("jump_table").lookup(u32(1))).order(ByteOrder.nativeOrder()).getInt())
                    .isEqualTo(tailId);
            assertThat(ByteBuffer.wrap(c.map("outer").lookup(u32(0))).order(ByteOrder.nativeOrder()).getInt())
                    .isEqualTo(c.map("inner_a").id());
            // .rodata is frozen: user space cannot change it after load
            assertThatThrownBy(() -> c.variable("multiplier").setInt(1)).isInstanceOf(EbeeException.class);
        }
    }

    @Test
    @Tag("kernel")
    void coreAgainstTheRunningKernel() {
        Kernel.requireBpf();
        CollectionSpec spec = ObjectFile.open(TestObjects.path("core"));
        spec.setAutoload("read_struct", false); // its type exists only in the test's target BTF
        try (Collection c = spec.load()) {
            c.program("read_task").testRun(null, new byte[8], 1);
            assertThat(c.variable("tgid").getInt()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    @Tag("kernel")
    void coreAgainstAVariantTargetLayout() {
        Kernel.requireBpf();
        Btf target = ObjectFile.open(TestObjects.path("core_target")).btf();
        int id = target.typeId("ebee_core_t___v2", BtfType.KIND_STRUCT).orElseThrow();
        BtfType.Struct s = (BtfType.Struct) target.type(id);
        ByteBuffer ctx = ByteBuffer.allocate(s.size()).order(ByteOrder.nativeOrder());
        for (BtfType.Member m : s.members()) {
            int off = m.bitOffset() / 8;
            switch (m.name()) {
                case "a" -> ctx.putInt(off, -5);
                case "b" -> ctx.putLong(off, 1234567890123L);
                case "c" -> ctx.putInt(off, 77);
                case "flags_hi" -> {
                    // a 12-bit field at bitOffset: write it into the containing bytes, little endian
                    long word = ctx.getLong(off) | (0xabcL << (m.bitOffset() % 8));
                    ctx.putLong(off, word);
                }
                default -> { }
            }
        }
        CollectionSpec spec = ObjectFile.open(TestObjects.path("core"));
        spec.setAutoload("read_task", false);
        try (Collection c = spec.load(Collection.Options.DEFAULT.withTargetBtf(target))) {
            c.program("read_struct").testRun(null, Arrays.copyOf(ctx.array(), s.size()), 1);
            byte[] out = c.variable("out").toByteArray();
            long[] v = new long[12];
            for (int i = 0; i < v.length; i++) {
                v[i] = le64(out, i * 8);
            }
            assertThat(v[0]).as("a").isEqualTo(-5);
            assertThat(v[1]).as("b").isEqualTo(1234567890123L);
            assertThat(v[2]).as("c").isEqualTo(77);
            assertThat(v[3]).as("flags_hi").isEqualTo(0xabc);
            assertThat(v[4]).as("offset of b").isZero();
            assertThat(v[5]).as("size of b").isEqualTo(8);
            assertThat(v[6]).as("c exists").isEqualTo(1);
            assertThat(v[7]).as("missing field exists").isZero();
            assertThat(v[8]).as("type size").isEqualTo(s.size());
            assertThat(v[9]).as("enum value exists").isEqualTo(1);
            assertThat(v[10]).as("enum value").isEqualTo(20);
            assertThat(v[11]).as("a is signed").isEqualTo(1);
        }
    }

    @Test
    @Tag("kernel")
    void kconfigExterns() {
        Kernel.requireBpf();
        try (Collection c = ObjectFile.open(TestObjects.path("kconfig")).load()) {
            c.program("read_kconfig").testRun(null, new byte[8], 1);
            assertThat(c.variable("version").getInt()).isEqualTo(CollectionLoader.kernelVersionCode());
            boolean configKnown = !CollectionLoader.kernelConfig().isEmpty();
            assertThat(c.variable("bpf_syscall").getInt()).isEqualTo(configKnown ? 1 : 0);
            assertThat(c.variable("fake").getInt()).isZero();
        }
    }

    @Test
    @Tag("kernel")
    void legacyMapsSection() {
        Kernel.requireBpf();
        try (Collection c = ObjectFile.open(TestObjects.path("legacy_maps")).load()) {
            c.program("write_legacy").testRun(null, new byte[8], 1);
            assertThat(le64(c.map("legacy").lookup(u32(1)), 0)).isEqualTo(99);
        }
    }

    @Test
    @Tag("kernel")
    void verifierRejectionShowsTheSourceLine() {
        Kernel.requireBpf();
        CollectionSpec spec = ObjectFile.open(TestObjects.path("verifier_fail"));
        assertThatThrownBy(spec::load).isInstanceOfSatisfying(VerifierException.class, e -> {
            assertThat(e.log()).contains("EBEE_FAIL_LINE").contains("invalid mem access");
            assertThat(e.getMessage()).contains("unchecked");
        });
    }

    @Test
    void hiddenGlobalFunctionsBecomeStaticInBtf() {
        Btf btf = ObjectFile.open(TestObjects.path("hidden_subprog")).btf();
        // __hidden global and weak hidden subprograms (libbpf's usdt.bpf.h) become static, as libbpf makes them
        for (String f : new String[] {"read_through", "bpf_usdt_arg", "bpf_usdt_cookie"}) {
            assertThat(funcLinkage(btf, f)).as(f).isEqualTo(BtfType.LINKAGE_STATIC);
        }
        assertThat(funcLinkage(btf, "call_hidden")).isEqualTo(BtfType.LINKAGE_GLOBAL); // a program stays global
    }

    private static int funcLinkage(Btf btf, String name) {
        return ((BtfType.Func) btf.type(btf.typeId(name, BtfType.KIND_FUNC).orElseThrow())).linkage();
    }

    @Test
    @Tag("kernel")
    void hiddenGlobalFunctionsAreVerifiedInTheirCallersContext() {
        Kernel.requireBpf();
        // checked on their own, read_through's unchecked pointer and bpf_usdt_arg's spec lookup are refused
        try (Collection c = ObjectFile.open(TestObjects.path("hidden_subprog")).load()) {
            c.program("call_hidden").testRun(null, new byte[8], 1);
            assertThat(c.variable("result").getLong()).isEqualTo(42);
            assertThat(c.program("read_usdt_arg").fd()).isPositive();
        }
    }

    @Test
    void kfuncCallsAndKernelSymbolsParse() {
        // clang calls an extern __ksym function as a pseudo call against an undefined symbol
        ProgramSpec p = ObjectFile.open(TestObjects.path("kfuncs")).program("use_kfuncs");
        assertThat(p.references()).filteredOn(r -> r.kind() == ProgramSpec.Reference.Kind.KFUNC)
                .extracting(ProgramSpec.Reference::target)
                .containsExactlyInAnyOrder("bpf_task_from_pid", "bpf_task_release", "ebee_no_such_kfunc");
        assertThat(p.references()).filteredOn(r -> r.kind() == ProgramSpec.Reference.Kind.KSYM)
                .extracting(ProgramSpec.Reference::target, ProgramSpec.Reference::weak)
                .contains(org.assertj.core.groups.Tuple.tuple("bpf_task_from_pid", true),
                        org.assertj.core.groups.Tuple.tuple("ebee_no_such_variable", true),
                        org.assertj.core.groups.Tuple.tuple("schedule", false));
    }

    @Test
    @Tag("kernel")
    void kfuncsWeakKsymsAndTypelessKsymsResolveAgainstTheKernel() throws Exception {
        Kernel.requireBpf();
        long schedule = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/kallsyms")).stream()
                .map(l -> l.split("\\s+")).filter(f -> f[2].equals("schedule")).mapToLong(f -> Long.parseUnsignedLong(f[0], 16))
                .findFirst().orElseThrow();
        CollectionSpec spec = ObjectFile.open(TestObjects.path("kfuncs"));
        spec.setAutoload("call_missing_kfunc", false);
        if (dev.ebee.btf.KernelTargets.function(dev.ebee.btf.KernelBtf.vmlinux(), "bpf_task_from_pid").isEmpty()) {
            // a kernel without the task kfuncs (before 6.2): bpf_task_from_pid is weak, but bpf_task_release
            // is not, so the load stops before the verifier, naming it (libbpf also refuses a strong kfunc it cannot find)
            assertThatThrownBy(spec::load).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("calls kernel function bpf_task_release, which the kernel's BTF does not have");
            return;
        }
        try (Collection c = spec.load()) {
            assertThat(c.btfFd()).as("the kernel took the object's BTF, kfunc externs included").isPositive();
            c.variable("pid").setInt((int) ProcessHandle.current().pid());
            c.program("use_kfuncs").testRun(null, new byte[8], 1);
            assertThat(c.variable("found").getInt()).as("bpf_task_from_pid(our pid)").isEqualTo(1);
            assertThat(c.variable("have_task_from_pid").getInt()).isEqualTo(1);
            assertThat(c.variable("have_missing_kfunc").getInt()).isZero();
            assertThat(c.variable("have_missing_variable").getInt()).isZero();
            assertThat(c.variable("schedule_address").getLong()).isEqualTo(schedule);
        }
    }

    @Test
    @Tag("kernel")
    void callOfAMissingWeakKfuncIsNamedInTheVerifierError() {
        Kernel.requireBpf();
        CollectionSpec spec = ObjectFile.open(TestObjects.path("kfuncs"));
        spec.setAutoload("use_kfuncs", false);
        assertThatThrownBy(spec::load).isInstanceOfSatisfying(VerifierException.class, e -> assertThat(e.oneLine())
                .contains("program call_missing_kfunc (SEC syscall) rejected by the verifier: instruction 0 calls kernel function "
                        + "ebee_no_such_kfunc, which this kernel lacks"));
    }

    @Test
    @Tag("kernel")
    void unresolvedCoreRelocationIsNamedInTheVerifierError() {
        Kernel.requireBpf();
        assertThatThrownBy(() -> ObjectFile.open(TestObjects.path("core_missing")).load())
                .isInstanceOfSatisfying(VerifierException.class, e -> {
                    assertThat(e.getMessage()).contains("read_missing_field (SEC syscall)")
                            .contains("failed to resolve CO-RE relocation at instruction 0")
                            .contains("FIELD_BYTE_OFFSET of struct ebee_relocated_missing.b")
                            .contains("invalid func unknown#195896080"); // the verifier's log is still there
                    assertThat(e.oneLine()).contains("struct ebee_relocated_missing.b");
                });
    }

    @Test
    void unknownSectionIsAClearError() {
        assertThatThrownBy(() -> ObjectFile.open(TestObjects.path("bad_section")))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("unknown program section SEC(\"nonsense/here\")");
    }

    @Test
    void truncatedObjectsGiveOnlyTypedErrors() {
        byte[] full = TestObjects.bytes("maps");
        for (int len = 0; len < full.length; len += Math.max(1, full.length / 200)) {
            byte[] cut = Arrays.copyOf(full, len);
            try {
                ObjectFile.parse("cut-" + len, cut);
            } catch (EbeeException expected) {
                // fine: ElfException or BtfException
            }
        }
        assertThatThrownBy(() -> ObjectFile.parse("empty", new byte[0])).isInstanceOf(ElfException.class);
        assertThatThrownBy(() -> ObjectFile.parse("text", "hello".getBytes())).isInstanceOf(ElfException.class);
    }

    @Test
    void notABpfObject() {
        assertThatThrownBy(() -> ObjectFile.open(java.nio.file.Path.of("/bin/true")))
                .isInstanceOf(ElfException.class).hasMessageContaining("not a BPF object");
    }
}
