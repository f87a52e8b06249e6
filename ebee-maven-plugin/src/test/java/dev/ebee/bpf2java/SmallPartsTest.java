package dev.ebee.bpf2java;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmallPartsTest {
    @Test
    void classNames() {
        assertThat(Names.className("foo.bpf.c")).isEqualTo("FooBpf");
        assertThat(Names.className("exec_count.bpf.o")).isEqualTo("ExecCountBpf");
        assertThat(Names.className("tcp-rtt.o")).isEqualTo("TcpRttBpf");
        assertThat(Names.className("/a/b/9lives.bpf.c")).isEqualTo("_9livesBpf");
        assertThat(Names.className("tc_bpf.bpf.c")).isEqualTo("TcBpf");
        assertThat(Names.withSuffix("xdp_stats_map", "Map")).isEqualTo("XdpStatsMap");
        assertThat(Names.withSuffix("counts", "Map")).isEqualTo("CountsMap");
        assertThat(Names.withSuffix("map", "Map")).isEqualTo("MapMap");
    }

    @Test
    void memberNames() {
        assertThat(Names.lowerCamel("target_pid")).isEqualTo("targetPid");
        assertThat(Names.lowerCamel("class")).isEqualTo("class_");
        assertThat(Names.lowerCamel("MAX_LEN")).isEqualTo("maxLen");
        assertThat(Names.lowerCamel("_private")).isEqualTo("private_");
        assertThat(Names.upperCamel("sys_enter")).isEqualTo("SysEnter");
        assertThat(Names.constant("TASK_RUNNING")).isEqualTo("TASK_RUNNING");
        assertThat(Names.constant("default")).isEqualTo("default_");
    }

    @Test
    void clangDiagnostics() {
        String err = """
                /src/foo.bpf.c:12:5: error: use of undeclared identifier 'x'
                   12 |     x = 1;
                      |     ^
                /src/foo.bpf.c:3:1: warning: unused variable 'y' [-Wunused-variable]
                clang: error: unknown argument: '-fbogus'
                2 errors generated.
                """;
        List<Diagnostic> d = Diagnostic.parse(err);
        assertThat(d).hasSize(3);
        assertThat(d.get(0).toString()).isEqualTo("/src/foo.bpf.c:12:5: error: use of undeclared identifier 'x'");
        assertThat(d.get(0).detail()).contains("x = 1;").contains("^");
        assertThat(d.get(0).isError()).isTrue();
        assertThat(d.get(1).severity()).isEqualTo("warning");
        assertThat(d.get(1).line()).isEqualTo(3);
        assertThat(d.get(2).isError()).isTrue();
        assertThat(d.get(2).message()).contains("unknown argument");
    }

    @Test
    void dependencyFiles() {
        String d = "/t/foo.bpf.o: /src/foo.bpf.c /t/include/vmlinux.h \\\n  /usr/include/bpf/bpf_helpers.h /src/my\\ dir/x.h\n";
        assertThat(DepFile.parse(d)).containsExactly(Path.of("/src/foo.bpf.c"), Path.of("/t/include/vmlinux.h"),
                Path.of("/usr/include/bpf/bpf_helpers.h"), Path.of("/src/my dir/x.h"));
        assertThat(DepFile.parse("garbage")).isEmpty();
    }

    @Test
    void autoAttachableSections() {
        assertThat(SkeletonWriter.autoAttachable("tp/syscalls/sys_enter_execve")).isTrue();
        assertThat(SkeletonWriter.autoAttachable("raw_tp/sys_enter")).isTrue();
        assertThat(SkeletonWriter.autoAttachable("uprobe//bin/bash:readline")).isTrue();
        assertThat(SkeletonWriter.autoAttachable("uprobe")).isFalse();
        assertThat(SkeletonWriter.autoAttachable("xdp")).isFalse();
        assertThat(SkeletonWriter.autoAttachable("tc")).isFalse();
        assertThat(SkeletonWriter.autoAttachable("tp/")).isFalse();
    }
}
