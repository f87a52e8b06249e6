package dev.ebee.cli.jvmgc;

import dev.ebee.cli.bpf.JvmgcBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;
import dev.ebee.link.Usdt;
import dev.ebee.link.UsdtTarget;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** jvmgc's kernel side: {@link JvmgcBpf} on gc__begin/gc__end of each libjvm.so, events through a ring buffer. */
final class KernelJvmgc {
    private KernelJvmgc() {
    }

    static EventStream open(JvmgcProbe.Config config) {
        JvmgcBpf bpf = JvmgcBpf.spec().targPid(config.pid()).load();
        List<Usdt> links = new ArrayList<>();
        AutoCloseable detach = () -> links.forEach(Usdt::close);
        Closing.onFailure(Closing.inOrder(detach, bpf), () -> {
            for (Path lib : config.libjvms()) {
                links.add(attach(bpf, "gc_begin", lib, "gc__begin", config.pid()));
                links.add(attach(bpf, "gc_end", lib, "gc__end", config.pid()));
            }
            return links;
        });
        return BufferStream.ringBuf(Closing.inOrder(detach, bpf), bpf.events(), () -> bpf.dropped().lookupOrDefault(0, 0));
    }

    private static Usdt attach(JvmgcBpf bpf, String program, Path lib, String probe, int pid) {
        UsdtTarget t = UsdtTarget.of(lib.toString(), "hotspot", probe);
        return bpf.collection().attachUsdt(program, pid > 0 ? t.pid(pid) : t);
    }
}
