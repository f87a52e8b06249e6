package dev.ebee;

import dev.ebee.asm.Asm;
import dev.ebee.asm.Disassembler;
import dev.ebee.asm.Insn;
import dev.ebee.asm.Op;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel")
class ProgramTest {
    @BeforeAll
    static void kernel() {
        Kernel.requireBpf();
    }

    @Test
    void xdpTestRunReturnsVerdictAndPacket() {
        List<Insn> prog = new Asm().ret(2 /* XDP_PASS */).build();
        try (Program p = Program.load(ProgramSpec.of("xdp_pass", ProgramType.XDP, prog, "GPL"))) {
            byte[] packet = new byte[64];
            packet[12] = 0x08; // ethertype IPv4
            Program.TestRunResult r = p.testRun(packet, null, 10);
            assertThat(r.retval()).isEqualTo(2);
            assertThat(r.dataOut()).isEqualTo(packet);
            Program.Info info = p.info();
            assertThat(info.name()).isEqualTo("xdp_pass");
            assertThat(info.type()).isEqualTo(ProgramType.XDP);
            assertThat(info.tag()).hasSize(16);
        }
    }

    @Test
    void verifierRejectionCarriesTheLog() {
        // reads r0 before it is written: "R0 !read_ok"
        List<Insn> bad = new Asm().exit().build();
        assertThatThrownBy(() -> Program.load(ProgramSpec.of("bad", ProgramType.SOCKET_FILTER, bad, "GPL")))
                .isInstanceOfSatisfying(VerifierException.class, e -> {
                    assertThat(e.log()).contains("R0 !read_ok");
                    assertThat(e.oneLine()).contains("bad").contains("R0 !read_ok");
                    assertThat(e.getMessage()).contains("BPF_PROG_LOAD bad");
                });
    }

    @Test
    void longVerifierLogIsNotTruncated() {
        // a long straight-line program that fails at its end: the log at level 2 is larger than the first buffer
        Asm asm = new Asm().mov64(Op.R0, 0);
        for (int i = 0; i < 3000; i++) {
            asm.add64(Op.R0, 1);
        }
        asm.ldx(Op.DW, Op.R0, Op.R3, 0).exit(); // r3 is uninitialised
        List<Insn> prog = asm.build();
        assertThatThrownBy(() -> Program.load(ProgramSpec.of("long", ProgramType.SOCKET_FILTER, prog, "GPL"),
                Program.LoadOptions.NONE.withLogLevel(2)))
                .isInstanceOfSatisfying(VerifierException.class, e -> {
                    assertThat(e.log().length()).isGreaterThan(1 << 16);
                    assertThat(e.log()).contains("0: (b7) r0 = 0").contains("R3 !read_ok");
                });
    }

    @Test
    void gplOnlyHelperNeedsGplLicense() {
        List<Insn> prog = new Asm().call(dev.ebee.asm.Helper.GET_CURRENT_TASK).ret(0).build();
        assertThatThrownBy(() -> Program.load(ProgramSpec.of("lic", ProgramType.TRACEPOINT, prog, "Proprietary")))
                .isInstanceOf(VerifierException.class).hasMessageContaining("GPL");
        try (Program p = Program.load(ProgramSpec.of("lic", ProgramType.TRACEPOINT, prog, "GPL"))) {
            assertThat(p.fd()).isPositive();
        }
    }

    @Test
    void fentryRefusalIsExplained() {
        // fentry needs an attach BTF id; this kernel refuses tracing programs with EPERM even to root
        List<Insn> prog = new Asm().ret(0).build();
        ProgramSpec spec = new ProgramSpec("fe", "fentry/do_unlinkat", ProgramType.TRACING, AttachType.TRACE_FENTRY,
                "do_unlinkat", prog, "GPL", 0, 0, null, true);
        int btfId = kernelFuncId("do_unlinkat");
        try {
            Program.load(spec, Program.LoadOptions.NONE.withAttachBtfId(btfId, 0)).close();
            // a kernel that allows fentry: fine, nothing to explain
            System.out.println("fentry loaded on this kernel");
        } catch (PermissionException e) {
            System.out.println("fentry: " + e.oneLine());
            assertThat(e).isInstanceOf(dev.ebee.KernelRefusedException.class);
            assertThat(e.getMessage()).contains("refuses fentry programs");
        }
    }

    /** The id of a FUNC in the kernel's BTF, found by a linear scan (the BTF package has the fast way). */
    static int kernelFuncId(String name) {
        try {
            byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/sys/kernel/btf/vmlinux"));
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int hdrLen = bb.getInt(4), typeOff = bb.getInt(8), typeLen = bb.getInt(12), strOff = bb.getInt(16);
            int pos = hdrLen + typeOff, end = pos + typeLen, id = 1;
            while (pos < end) {
                int nameOff = bb.getInt(pos), info = bb.getInt(pos + 4);
                int kind = (info >>> 24) & 0x1f, vlen = info & 0xffff;
                if (kind == 12) {
                    int s = hdrLen + strOff + nameOff, e = s;
                    while (b[e] != 0) {
                        e++;
                    }
                    if (new String(b, s, e - s).equals(name)) {
                        return id;
                    }
                }
                pos += 12 + switch (kind) {
                    case 1, 8 + 6 -> 4; // INT, VAR
                    case 3 -> 12;
                    case 4, 5 -> 12 * vlen;
                    case 6 -> 8 * vlen;
                    case 13 -> 8 * vlen;
                    case 15 -> 12 * vlen;
                    case 17 -> 4;
                    case 19 -> 12 * vlen;
                    default -> 0;
                };
                id++;
            }
            return 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void disassemblerMatchesVerifierSyntax() {
        List<Insn> prog = new Asm().mov64(1, 5).ldx(Op.W, 2, 1, 4).stx(Op.DW, 10, -8, 2)
                .jeq(2, 0, "x").call(1).label("x").lddw(3, 0x1_0000_0002L).exit().build();
        String text = Disassembler.format(prog);
        assertThat(text).contains("0: r1 = 5").contains("1: r2 = *(u32 *)(r1 +4)")
                .contains("2: *(u64 *)(r10 -8) = r2").contains("3: if r2 == 0 goto pc+1")
                .contains("4: call #1").contains("5: r3 = 0x100000002 ll").contains("7: exit");
        for (Insn i : prog) {
            assertThat(Insn.decode(i.encode())).isEqualTo(i);
        }
    }

    @Test
    void sleepableSyscallProgramRunsAndCopiesContextBack() {
        // *(u32 *)(ctx + 0) = *(u32 *)(ctx + 4) * 2
        List<Insn> prog = new Asm().ldx(Op.W, 2, 1, 4).alu64(Op.MUL, 2, 2).stx(Op.W, 1, 0, 2).ret(7).build();
        try (Program p = Program.load(ProgramSpec.of("dbl", ProgramType.SYSCALL, prog, "GPL").withFlags(Bpf.F_SLEEPABLE))) {
            byte[] ctx = new byte[] {0, 0, 0, 0, 21, 0, 0, 0};
            Program.TestRunResult r = p.testRun(null, ctx, 1);
            assertThat(r.retval()).isEqualTo(7);
            assertThat(r.ctxOut()[0]).isEqualTo((byte) 42);
        }
    }

    @Test
    void rawTracepointTestRunOnEachCpu() {
        // returns the CPU it runs on; BPF_F_TEST_RUN_ON_CPU puts it there
        List<Insn> prog = new Asm().call(dev.ebee.asm.Helper.GET_SMP_PROCESSOR_ID).exit().build();
        try (Program p = Program.load(ProgramSpec.of("cpu", ProgramType.RAW_TRACEPOINT, prog, "GPL"))) {
            java.util.BitSet online = dev.ebee.internal.sys.Cpus.online();
            for (int cpu = online.nextSetBit(0); cpu >= 0; cpu = online.nextSetBit(cpu + 1)) {
                assertThat(p.testRun(null, new byte[8], 1, cpu).retval()).isEqualTo(cpu);
            }
        }
    }
}
