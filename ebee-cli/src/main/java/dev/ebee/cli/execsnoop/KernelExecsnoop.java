package dev.ebee.cli.execsnoop;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.LoadedObject;
import dev.ebee.cli.common.RingBufStream;

/** execsnoop's kernel side: execsnoop.bpf.o with its filters in .rodata, four tracepoints, a ring buffer. */
final class KernelExecsnoop {
    private KernelExecsnoop() {
    }

    static EventStream open(ExecsnoopProbe.Config config) {
        LoadedObject obj = LoadedObject.load("execsnoop", spec -> spec
                .setConstant("targ_uid", config.uid() < 0 ? 0xFFFF_FFFFL : config.uid())
                .setConstant("targ_failed", config.failedOnly())
                .setConstant("max_args", config.maxArgs()));
        return new RingBufStream(obj.attachAll());
    }
}
