package dev.ebee.cli.execsnoop;

import dev.ebee.cli.common.BpfObjects;
import dev.ebee.cli.common.EventStream;

/** execsnoop's kernel side through ebee's object loader. */
final class KernelExecsnoop {
    private KernelExecsnoop() {
    }

    static EventStream open(ExecsnoopProbe.Config config) {
        // load BpfObjects.bytes("execsnoop"): set .rodata targ_uid, targ_failed, max_args; attach
        // the four tracepoints; read ring buffer "events"; lost() reads array map "dropped"[0].
        throw BpfObjects.loaderMissing("execsnoop");
    }
}
