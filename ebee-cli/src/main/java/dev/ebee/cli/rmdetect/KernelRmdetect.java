package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.LoadedObject;
import dev.ebee.cli.common.RingBufStream;

/** rmdetect's kernel side: rmdetect.bpf.o with its filters in .rodata, six tracepoints, a ring buffer. */
final class KernelRmdetect {
    private KernelRmdetect() {
    }

    static EventStream open(RmdetectProbe.Config config) {
        LoadedObject obj = LoadedObject.load("rmdetect", spec -> spec
                .setConstant("targ_pid", config.pid())
                .setConstant("targ_failed", config.failedOnly()));
        return new RingBufStream(obj.attachAll());
    }
}
