package dev.ebee.cli.tracepipe;

import dev.ebee.cli.common.LoadedObject;

/** tracepipe's kernel side: tracepipe.bpf.o, a bpf_printk program on tp/syscalls/sys_enter_execve. */
final class KernelTracepipe {
    private KernelTracepipe() {
    }

    static AutoCloseable attach() {
        return LoadedObject.load("tracepipe", spec -> { }).attachAll();
    }
}
