package dev.ebee.cli.bashreadline;

import dev.ebee.cli.bpf.BashreadlineBpf;
import dev.ebee.cli.common.BufferStream;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.EventStream;
import dev.ebee.link.Uprobe;
import dev.ebee.link.UprobeTarget;

/** bashreadline's kernel side: {@link BashreadlineBpf} on a uretprobe at readline's file offset, events through a perf event array. */
final class KernelBashreadline {
    private KernelBashreadline() {
    }

    static EventStream open(ReadlineTarget target) {
        BashreadlineBpf bpf = BashreadlineBpf.load();
        Uprobe link = Closing.onFailure(bpf, () -> Uprobe.attach(bpf.readlineReturn(),
                UprobeTarget.fileOffset(target.file().toString(), target.offset()).retprobe(true)));
        return BufferStream.perf(Closing.inOrder(link, bpf), bpf.events());
    }
}
