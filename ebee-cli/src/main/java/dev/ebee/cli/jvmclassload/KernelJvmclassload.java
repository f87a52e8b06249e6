package dev.ebee.cli.jvmclassload;

import dev.ebee.cli.bpf.JvmclassloadBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.JvmTargets;

/** jvmclassload's kernel side: {@link JvmclassloadBpf} on class__loaded/class__unloaded of each libjvm.so, events through an 8 MiB ring buffer. */
final class KernelJvmclassload {
    private KernelJvmclassload() {
    }

    static EventStream open(JvmTargets targets) {
        JvmclassloadBpf bpf = JvmclassloadBpf.spec().targPid(targets.pid()).load();
        Closing.onFailure(bpf, () -> { // the links are closed with bpf
            targets.attach("class__loaded", bpf::attachClassLoaded);
            targets.attach("class__unloaded", bpf::attachClassUnloaded);
            return null;
        });
        return BufferStream.ringBuf(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }
}
