package dev.ebee.cli.jvmgc;

import dev.ebee.cli.bpf.JvmgcBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.Libjvms;

import java.nio.file.Path;

/** jvmgc's kernel side: {@link JvmgcBpf} on gc__begin/gc__end of each libjvm.so, events through a ring buffer. */
final class KernelJvmgc {
    private KernelJvmgc() {
    }

    static EventStream open(JvmgcProbe.Config config) {
        JvmgcBpf bpf = JvmgcBpf.spec().targPid(config.pid()).load();
        Closing.onFailure(bpf, () -> {
            for (Path lib : config.libjvms()) {
                bpf.attachGcBegin(Libjvms.hotspot(lib, "gc__begin", config.pid())); // closed with bpf
                bpf.attachGcEnd(Libjvms.hotspot(lib, "gc__end", config.pid()));
            }
            return null;
        });
        return BufferStream.ringBuf(bpf, bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }
}
