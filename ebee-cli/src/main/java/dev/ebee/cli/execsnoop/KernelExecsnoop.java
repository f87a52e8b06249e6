package dev.ebee.cli.execsnoop;

import dev.ebee.cli.bpf.ExecsnoopBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Startup;

/** execsnoop's kernel side: {@link ExecsnoopBpf} with its .rodata filters, four tracepoints, a ring buffer. */
final class KernelExecsnoop {
    private KernelExecsnoop() {
    }

    static EventStream open(ExecsnoopProbe.Config config) {
        ExecsnoopBpf.Spec spec = ExecsnoopBpf.spec();
        Startup.mark("object parsed");
        ExecsnoopBpf bpf = spec
                .targUid(config.uid() < 0 ? 0xFFFF_FFFFL : config.uid())
                .targPpid(config.ppid())
                .ignoreFailed(!config.includeFailed())
                .targFailed(config.failedOnly())
                .targCgroupId(config.cgroup() == null ? 0 : config.cgroup().id())
                .targCgroupLevel(config.cgroup() == null ? 0 : config.cgroup().level())
                .maxArgs(config.maxArgs())
                .load();
        Startup.mark("object loaded");
        Closing.onFailure(bpf, bpf::attachAll);
        Startup.mark("programs attached");
        return BufferStream.ringBuf(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }
}
