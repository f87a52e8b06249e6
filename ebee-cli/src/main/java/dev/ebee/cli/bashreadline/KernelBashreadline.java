package dev.ebee.cli.bashreadline;

import dev.ebee.cli.bpf.BashreadlineBpf;
import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.PerfStream;
import dev.ebee.link.Uprobe;
import dev.ebee.link.UprobeTarget;

/** bashreadline's kernel side: {@link BashreadlineBpf} on a uretprobe at readline's file offset, events through a perf event array. */
final class KernelBashreadline {
    private KernelBashreadline() {
    }

    static EventStream open(ReadlineTarget target) {
        BashreadlineBpf bpf = BashreadlineBpf.load();
        AutoCloseable owner;
        try {
            var link = Uprobe.attach(bpf.readlineReturn(),
                    UprobeTarget.fileOffset(target.file().toString(), target.offset()).retprobe(true));
            owner = () -> {
                try {
                    link.close();
                } finally {
                    bpf.close();
                }
            };
        } catch (RuntimeException e) {
            bpf.close();
            throw e;
        }
        return new PerfStream(owner, bpf.events());
    }
}
