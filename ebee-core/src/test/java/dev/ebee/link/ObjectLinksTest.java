package dev.ebee.link;

import dev.ebee.BpfMap;
import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.ObjectFile;
import dev.ebee.Program;
import dev.ebee.SectionDef;
import dev.ebee.testing.HeldProcess;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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

/** Programs from a clang-built object, loaded by the library and attached by their section names. */
@Tag("kernel")
class ObjectLinksTest {
    static final String SOURCE = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            struct seen { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, __u32); __type(value, __u64); };
            struct seen tp_seen SEC(".maps"), raw_seen SEC(".maps"), btf_seen SEC(".maps");
            /* only the pids the test put in: other processes can neither fill the maps nor be seen */
            static __always_inline void mark(void *m) {
                __u32 pid = bpf_get_current_pid_tgid() >> 32;
                __u64 one = 1;
                bpf_map_update_elem(m, &pid, &one, BPF_EXIST);
            }
            SEC("tp/sched/sched_process_exec") int on_tp(void *ctx) { mark(&tp_seen); return 0; }
            SEC("raw_tp/sched_process_exec") int on_raw(void *ctx) { mark(&raw_seen); return 0; }
            SEC("tp_btf/sched_process_exec") int on_btf(void *ctx) { mark(&btf_seen); return 0; }
            char LICENSE[] SEC("license") = "GPL";
            """;

    @TempDir
    static Path dir;
    static Path object;

    @BeforeAll
    static void compile() throws Exception {
        Path src = dir.resolve("links.bpf.c");
        Files.writeString(src, SOURCE);
        object = dir.resolve("links.bpf.o");
        String clang = null;
        for (String c : List.of("clang-19", "clang-18", "clang")) {
            for (String d : List.of("/usr/bin", "/usr/local/bin")) {
                if (Files.isExecutable(Path.of(d, c))) {
                    clang = d + "/" + c;
                    break;
                }
            }
            if (clang != null) {
                break;
            }
        }
        Kernel.require(clang != null && Files.exists(Path.of("/usr/include/bpf/bpf_helpers.h")), "clang and libbpf headers");
        Process p = new ProcessBuilder(clang, "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
                "-c", src.toString(), "-o", object.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("clang: %s", out).isZero();
    }

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    static byte[] key(long pid) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt((int) pid).array();
    }

    static boolean seen(BpfMap map, long pid) {
        byte[] value = map.lookup(key(pid));
        return value != null && ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong() == 1;
    }

    /** Runs /bin/true held until its pid is in each map of {@code coll}, unseen; returns the pid once it has exited. */
    static long runChild(Collection coll) throws Exception {
        try (HeldProcess child = HeldProcess.start("/bin/true")) {
            for (String map : List.of("tp_seen", "raw_seen", "btf_seen")) {
                coll.map(map).update(key(child.pid()), new byte[8], 0);
            }
            child.run();
            return child.pid();
        }
    }

    @Test
    void everyProgramAttachesBySectionAndSeesTheChild() throws Exception {
        CollectionSpec spec = ObjectFile.open(object);
        try (Collection coll = spec.load()) {
            List<Link> links = new ArrayList<>();
            try {
                for (String name : List.of("on_tp", "on_raw", "on_btf")) {
                    Program prog = coll.program(name);
                    Link link = AutoAttach.attach(prog);
                    links.add(link);
                    assertThat(link.info().progId()).as(name).isEqualTo(prog.info().id());
                }
                long pid = runChild(coll);
                assertThat(seen(coll.map("tp_seen"), pid)).as("tracepoint").isTrue();
                assertThat(seen(coll.map("raw_seen"), pid)).as("raw_tp").isTrue();
                assertThat(seen(coll.map("btf_seen"), pid)).as("tp_btf").isTrue();
            } finally {
                for (Link l : links) {
                    l.close();
                }
            }
            long pid = runChild(coll);
            assertThat(seen(coll.map("tp_seen"), pid)).as("after close").isFalse();
        }
    }

    @Test
    void attachableSections() {
        for (String yes : List.of("tp/sched/sched_process_exec", "tracepoint/a/b", "raw_tp/x", "tp_btf/x", "fentry/f",
                "fentry.s/f", "lsm/file_open", "kprobe/f", "kretprobe/f+4", "uprobe/libc:malloc", "uretprobe//bin/bash:readline")) {
            assertThat(AutoAttach.attachable(yes)).as(yes).isTrue();
        }
        for (String no : List.of("xdp", "tc", "tcx/ingress", "socket", "cgroup_skb/egress", "tp/sched", "tp/sched/",
                "raw_tp/", "uprobe", "uprobe/libc", "uprobe/:f", "kprobe/", "", "license")) {
            assertThat(AutoAttach.attachable(no)).as(no).isFalse();
        }
        assertThat(AutoAttach.attachable(null)).isFalse();
    }

    @Test
    void uretprobeSectionsProbeTheReturnAndUprobeSectionsTheEntry() {
        for (String section : List.of("uretprobe//bin/bash:readline", "uretprobe.s//bin/bash:readline",
                "uprobe//bin/bash:readline+4", "uprobe.s//bin/bash:readline")) {
            SectionDef.Match m = SectionDef.find(section).orElseThrow();
            UprobeTarget t = AutoAttach.uprobeTarget(section, m.def().auto(), m.target());
            assertThat(t.retprobe()).as(section).isEqualTo(section.startsWith("uretprobe"));
            assertThat(t.binary()).as(section).isEqualTo("/bin/bash");
            assertThat(t.symbol()).as(section).isEqualTo("readline");
        }
    }

    @Test
    void refusalsNameTheMethodThatAttaches() {
        assertThat(AutoAttach.refusal("xdp")).hasValueSatisfying(r -> assertThat(r).contains("Xdp.attach"));
        assertThat(AutoAttach.refusal("tcx/egress")).hasValueSatisfying(r -> assertThat(r).contains("Tcx.attach"));
        assertThat(AutoAttach.refusal("cgroup_skb/ingress")).hasValueSatisfying(r -> assertThat(r).contains("Cgroup.attach"));
        assertThat(AutoAttach.refusal("uretprobe")).hasValueSatisfying(r -> assertThat(r).contains("Uprobe.attachReturn"));
        assertThat(AutoAttach.refusal("uprobe")).hasValueSatisfying(r -> assertThat(r).contains("Uprobe.attach("));
        // a function without its binary: libbpf refuses to auto-attach it too
        assertThat(AutoAttach.refusal("uretprobe/readline")).hasValueSatisfying(r -> assertThat(r).contains("Uprobe.attachReturn"));
        assertThat(AutoAttach.refusal("uprobe/readline")).hasValueSatisfying(r -> assertThat(r).contains("Uprobe.attach("));
        assertThat(AutoAttach.refusal("tp/syscalls/sys_enter_getpid")).isEmpty();
    }

    @Test
    void sectionsWithoutTargetsAreRefused() throws IOException {
        assertThatThrownBy(() -> AutoAttach.attach(3, "xdp")).hasMessageContaining("does not say where to attach");
        assertThatThrownBy(() -> AutoAttach.attach(3, "tp/")).hasMessageContaining("names no target");
        assertThatThrownBy(() -> AutoAttach.attach(3, "uprobe/libc")).hasMessageContaining("BINARY:SYMBOL");
        assertThatThrownBy(() -> AutoAttach.attach(3, "kprobe/do_nanosleep+zz")).hasMessageContaining("bad offset");
    }
}
