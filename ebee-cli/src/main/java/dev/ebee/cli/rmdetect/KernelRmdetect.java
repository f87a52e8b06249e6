package dev.ebee.cli.rmdetect;

import dev.ebee.cli.bpf.RmdetectBpf;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.RingBufStream;

/** rmdetect's kernel side: {@link RmdetectBpf} with its .rodata filters, six tracepoints, a ring buffer. */
final class KernelRmdetect {
    private KernelRmdetect() {
    }

    static EventStream open(RmdetectProbe.Config config) {
        RmdetectBpf bpf = RmdetectBpf.spec()
                .targPid(config.pid())
                .targFailed(config.failedOnly())
                .load();
        try {
            bpf.attachAll();
        } catch (RuntimeException e) {
            bpf.close();
            throw e;
        }
        return new RingBufStream(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }
}
