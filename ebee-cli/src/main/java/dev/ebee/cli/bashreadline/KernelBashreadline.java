package dev.ebee.cli.bashreadline;

import dev.ebee.cli.common.EventStream;
import dev.ebee.cli.common.LoadedObject;
import dev.ebee.cli.common.PerfStream;
import dev.ebee.link.Uprobe;
import dev.ebee.link.UprobeTarget;

/** bashreadline's kernel side: a uretprobe at readline's file offset, events through a perf event array. */
final class KernelBashreadline {
    private KernelBashreadline() {
    }

    static EventStream open(ReadlineTarget target) {
        LoadedObject obj = LoadedObject.load("bashreadline", spec -> { });
        try {
            obj.own(Uprobe.attach(obj.program("readline_return"),
                    UprobeTarget.fileOffset(target.file().toString(), target.offset()).retprobe(true)));
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
        return new PerfStream(obj);
    }
}
