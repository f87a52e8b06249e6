package dev.ebee.cli.execcount;

import dev.ebee.cli.common.BpfObjects;

/** execcount's kernel side through ebee's object loader. */
final class KernelExecCount {
    private KernelExecCount() {
    }

    static ExecCountProbe.Counter open() {
        // load BpfObjects.bytes("execcount"), attach, count() = array map "counts"[0] as u64
        throw BpfObjects.loaderMissing("execcount");
    }
}
