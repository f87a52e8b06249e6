package dev.ebee.cli.jvmgc;

import dev.ebee.cli.bpf.JvmgcBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.JvmTargets;

/** jvmgc's kernel side: {@link JvmgcBpf} on gc__begin/gc__end of each libjvm.so, events through a ring buffer. */
final class KernelJvmgc {
    private KernelJvmgc() {
    }

    static EventStream open(JvmTargets targets) {
        JvmgcBpf bpf = JvmgcBpf.spec().targPid(targets.pid()).load();
        Closing.onFailure(bpf, () -> { // the links are closed with bpf
            targets.attach("gc__begin", bpf::attachGcBegin);
            targets.attach("gc__end", bpf::attachGcEnd);
            return null;
        });
        return BufferStream.ringBuf(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }
}
