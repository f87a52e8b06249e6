package dev.ebee.bpf2java;

import dev.ebee.TestObjects;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed attach methods generated for sections that name their kind of hook but not the target
 * (attach_targets.c: xdp, tcx, cgroup, bare uprobes, beside a tracepoint): their signatures, that
 * they compile, and an XDP program attached through one on loopback in the kernel.
 */
class AttachMethodsTest {
    static final String RESOURCE = "attach_targets.bpf.o";

    @TempDir
    Path dir;

    static String generate() {
        BpfObjectModel m = ModelBuilder.read("attach_targets.c", TestObjects.bytes("attach_targets"), List.of());
        return new JavaGenerator(m, new JavaGenerator.Options("test.gen", "AttachTargetsBpf", RESOURCE)).generate();
    }

    @Test
    void eachSectionWithoutTargetGetsAMethodTakingItAndReturningItsLinkType() throws Exception {
        String java = generate();
        assertThat(java).contains("public Link attachOnGetpid()",
                "public Xdp attachPass(String ifname, XdpMode mode)",
                "Xdp.attach(collection.program(\"pass\"), ifname, mode)",
                "public Tcx attachTcIn(String ifname)", "Tcx.attach(collection.program(\"tc_in\"), ifname, TcxDirection.INGRESS)",
                "public Tcx attachTcOut(String ifname)", "Tcx.attach(collection.program(\"tc_out\"), ifname, TcxDirection.EGRESS)",
                "public Cgroup attachSkbIn(Path cgroup)", "Cgroup.attach(collection.program(\"skb_in\"), cgroup, CgroupHook.INET_INGRESS)",
                "public Cgroup attachConnect4(Path cgroup)", "CgroupHook.INET4_CONNECT)",
                "public Uprobe attachEntry(String binary, String symbol)", "Uprobe.attach(collection.program(\"entry\"), binary, symbol)",
                "public Uprobe attachRet(String binary, String symbol)", "Uprobe.attachReturn(collection.program(\"ret\"), binary, symbol)",
                "public Attachments attachAllAvailable()");
        // attachAll() would throw on this object: the example attaches program by program instead
        assertThat(java).contains(" *     bpf.attachPass(\"eth0\", XdpMode.AUTO);", " *     bpf.attachOnGetpid();")
                .doesNotContain(" *     bpf.attachAll();");
        try (Compiled c = Compiled.compile(dir, Map.of("test.gen.AttachTargetsBpf", java))) {
            assertThat(c).isNotNull();
        }
    }

    /** A bare SEC("usdt") program (usdt.c, written against usdt.bpf.h) attaches through the collection's spec map. */
    @Test
    void bareUsdtSectionsTakeAUsdtTarget() throws Exception {
        BpfObjectModel m = ModelBuilder.read("usdt.c", TestObjects.bytes("usdt"), List.of());
        String java = new JavaGenerator(m, new JavaGenerator.Options("test.gen", "UsdtBpf", "usdt.bpf.o")).generate();
        assertThat(java).contains("public Usdt attachOnArgs(UsdtTarget target)",
                "Usdt link = collection.attachUsdt(collection.program(\"on_args\").name(), target);",
                "public Usdt attachOnString(UsdtTarget target)", "import dev.ebee.link.UsdtTarget;");
        try (Compiled c = Compiled.compile(dir, Map.of("test.gen.UsdtBpf", java))) {
            assertThat(c).isNotNull();
        }
    }

    static final String ON_LOOPBACK = """
            package test.gen;

            import dev.ebee.EbeeException;
            import dev.ebee.link.Xdp;
            import dev.ebee.link.XdpMode;

            import static org.assertj.core.api.Assertions.assertThat;
            import static org.assertj.core.api.Assertions.assertThatThrownBy;

            public class OnLoopback implements Runnable {
                @Override
                public void run() {
                    try (AttachTargetsBpf bpf = AttachTargetsBpf.load()) {
                        assertThatThrownBy(bpf::attachAll).isInstanceOf(EbeeException.class).hasMessageContaining("Xdp.attach");
                        try (Xdp link = bpf.attachPass("lo", XdpMode.GENERIC)) {
                            assertThat(link.ifindex()).isEqualTo(1);
                            assertThat(link.info().progId()).isEqualTo(bpf.pass().info().id());
                        }
                    }
                }
            }
            """;

    @Test
    @Tag("kernel")
    void theGeneratedXdpMethodAttachesToLoopback() throws Exception {
        Kernel.requireBpf();
        try (Compiled c = Compiled.compile(dir, Map.of("test.gen.AttachTargetsBpf", generate(), "test.gen.OnLoopback", ON_LOOPBACK))) {
            Files.write(dir.resolve("classes/test/gen/" + RESOURCE), TestObjects.bytes("attach_targets"));
            c.run("test.gen.OnLoopback");
        }
    }
}
