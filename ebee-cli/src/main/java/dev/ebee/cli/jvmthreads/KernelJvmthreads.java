package dev.ebee.cli.jvmthreads;

import dev.ebee.cli.bpf.JvmthreadsBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.JvmTargets;

/** jvmthreads' kernel side: {@link JvmthreadsBpf} on thread__start/thread__stop of each libjvm.so, events through a ring buffer. */
final class KernelJvmthreads {
    private KernelJvmthreads() {
    }

    static EventStream open(JvmTargets targets) {
        JvmthreadsBpf bpf = JvmthreadsBpf.spec().targPid(targets.pid()).load();
        Closing.onFailure(bpf, () -> { // the links are closed with bpf
            targets.attach("thread__start", bpf::attachThreadStart);
            targets.attach("thread__stop", bpf::attachThreadStop);
            return null;
        });
        return BufferStream.ringBuf(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }
}
