package dev.ebee.cli.execcount;

import dev.ebee.cli.bpf.ExeccountBpf;
import dev.ebee.cli.common.Closing;

/** execcount's kernel side: {@link ExeccountBpf} on tp/syscalls/sys_enter_execve, array map "counts". */
final class KernelExecCount {
    private KernelExecCount() {
    }

    static ExecCountProbe.Counter open() {
        ExeccountBpf bpf = ExeccountBpf.load();
        Closing.onFailure(bpf, bpf::attachAll);
        return new ExecCountProbe.Counter() {
            @Override
            public long count() {
                return bpf.counts().lookupOrDefault(0, 0);
            }

            @Override
            public void close() {
                bpf.close();
            }
        };
    }
}
