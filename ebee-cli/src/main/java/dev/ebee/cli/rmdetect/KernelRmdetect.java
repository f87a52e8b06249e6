package dev.ebee.cli.rmdetect;

import dev.ebee.cli.bpf.RmdetectBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;

/** rmdetect's kernel side: {@link RmdetectBpf} with its .rodata filters, six tracepoints, a ring buffer. */
final class KernelRmdetect {
    private KernelRmdetect() {
    }

    static EventStream open(RmdetectProbe.Config config) {
        RmdetectBpf bpf = RmdetectBpf.spec()
                .targPid(config.pid())
                .targFailed(config.failedOnly())
                .targCgroupId(config.cgroup() == null ? 0 : config.cgroup().id())
                .targCgroupLevel(config.cgroup() == null ? 0 : config.cgroup().level())
                .load();
        Closing.onFailure(bpf, bpf::attachAll);
        return BufferStream.ringBuf(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }
}
