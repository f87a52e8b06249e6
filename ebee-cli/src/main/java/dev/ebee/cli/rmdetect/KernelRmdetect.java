package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.BpfObjects;
import dev.ebee.cli.common.EventStream;

/** rmdetect's kernel side through ebee's object loader. */
final class KernelRmdetect {
    private KernelRmdetect() {
    }

    static EventStream open(RmdetectProbe.Config config) {
        // load BpfObjects.bytes("rmdetect"): set .rodata targ_pid, targ_failed; attach the six
        // tracepoints; read ring buffer "events"; lost() reads array map "dropped"[0].
        throw BpfObjects.loaderMissing("rmdetect");
    }
}
