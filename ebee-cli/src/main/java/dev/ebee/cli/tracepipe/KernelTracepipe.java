package dev.ebee.cli.tracepipe;

import dev.ebee.cli.bpf.TracepipeBpf;
import dev.ebee.cli.common.Closing;

/** tracepipe's kernel side: {@link TracepipeBpf}, a bpf_printk program on tp/syscalls/sys_enter_execve. */
final class KernelTracepipe {
    private KernelTracepipe() {
    }

    static AutoCloseable attach() {
        TracepipeBpf bpf = TracepipeBpf.load();
        Closing.onFailure(bpf, bpf::attachAll);
        return bpf;
    }
}
