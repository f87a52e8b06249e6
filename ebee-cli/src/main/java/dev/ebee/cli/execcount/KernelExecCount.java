package dev.ebee.cli.execcount;

import dev.ebee.cli.common.Counter;
import dev.ebee.cli.common.LoadedObject;

/** execcount's kernel side: execcount.bpf.o on tp/syscalls/sys_enter_execve, array map "counts". */
final class KernelExecCount {
    private KernelExecCount() {
    }

    static ExecCountProbe.Counter open() {
        LoadedObject obj = LoadedObject.load("execcount", spec -> { }).attachAll();
        Counter counts;
        try {
            counts = obj.own(new Counter(obj.map("counts")));
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
        return new ExecCountProbe.Counter() {
            @Override
            public long count() {
                return counts.read();
            }

            @Override
            public void close() {
                obj.close();
            }
        };
    }
}
