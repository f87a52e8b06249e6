package dev.ebee;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SectionDefTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "tracepoint/syscalls/sys_enter_execve, TRACEPOINT, -, syscalls/sys_enter_execve",
            "tp/sched/sched_process_exec, TRACEPOINT, -, sched/sched_process_exec",
            "raw_tp/sched_switch, RAW_TRACEPOINT, -, sched_switch",
            "tp_btf/sched_switch, TRACING, TRACE_RAW_TP, sched_switch",
            "fentry/do_unlinkat, TRACING, TRACE_FENTRY, do_unlinkat",
            "fexit.s/do_unlinkat, TRACING, TRACE_FEXIT, do_unlinkat",
            "lsm/file_open, LSM, LSM_MAC, file_open",
            "kprobe/do_unlinkat, KPROBE, -, do_unlinkat",
            "uretprobe//bin/bash:readline, KPROBE, -, /bin/bash:readline",
            "uprobe, KPROBE, -, -",
            "xdp, XDP, XDP, -",
            "xdp.frags, XDP, XDP, -",
            "tc, SCHED_CLS, -, -",
            "tcx/ingress, SCHED_CLS, TCX_INGRESS, -",
            "tc/egress, SCHED_CLS, TCX_EGRESS, -",
            "cgroup_skb/egress, CGROUP_SKB, CGROUP_INET_EGRESS, -",
            "cgroup/connect4, CGROUP_SOCK_ADDR, CGROUP_INET4_CONNECT, -",
            "socket, SOCKET_FILTER, -, -",
            "syscall, SYSCALL, -, -",
            "iter/task, TRACING, TRACE_ITER, task",
    })
    void libbpfSectionNames(String section, ProgramType type, AttachType attach, String target) {
        SectionDef.Match m = SectionDef.find(section).orElseThrow();
        assertThat(m.def().type()).isEqualTo(type);
        assertThat(m.def().attachType()).isEqualTo(attach);
        assertThat(m.target()).isEqualTo(target);
    }

    @Test
    void sleepableSectionsLoadSleepable() {
        assertThat(SectionDef.find("syscall").orElseThrow().def().flags() & dev.ebee.internal.sys.Bpf.F_SLEEPABLE).isNotZero();
        assertThat(SectionDef.find("uprobe.s/bin:f").orElseThrow().def().flags() & dev.ebee.internal.sys.Bpf.F_SLEEPABLE).isNotZero();
        assertThat(SectionDef.find("uprobe/bin:f").orElseThrow().def().flags()).isZero();
    }

    @Test
    void unknownAndIncompleteSections() {
        assertThat(SectionDef.find("nonsense/here")).isEmpty();
        assertThat(SectionDef.find("fentry")).isEmpty(); // fentry needs a target
        assertThat(SectionDef.find(".text")).isEmpty();
    }
}
