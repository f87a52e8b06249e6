package dev.ebee.cli.jvmstat;

import dev.ebee.cli.bpf.JvmstatBpf;
import dev.ebee.cli.bpf.JvmstatBpf.JvmCounts;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.JvmTargets;

import java.util.Map;
import java.util.TreeMap;

/** jvmstat's kernel side: {@link JvmstatBpf} on eight HotSpot probes of each libjvm.so, totals in the hash map "counts". */
final class KernelJvmstat {
    private KernelJvmstat() {
    }

    static JvmstatProbe.Counters open(JvmTargets targets) {
        JvmstatBpf bpf = JvmstatBpf.spec().targPid(targets.pid()).load();
        Closing.onFailure(bpf, () -> { // every link is closed with bpf
            targets.attach("gc__begin", bpf::attachGcBegin);
            targets.attach("gc__end", bpf::attachGcEnd);
            targets.attach("thread__start", bpf::attachThreadStart);
            targets.attach("thread__stop", bpf::attachThreadStop);
            targets.attach("class__loaded", bpf::attachClassLoaded);
            targets.attach("class__unloaded", bpf::attachClassUnloaded);
            targets.attach("method__compile__begin", bpf::attachCompileBegin);
            targets.attach("method__compile__end", bpf::attachCompileEnd);
            return null;
        });
        return new JvmstatProbe.Counters() {
            @Override
            public Map<Integer, JvmCounts> read() {
                Map<Integer, JvmCounts> totals = new TreeMap<>();
                for (Map.Entry<Long, JvmCounts> e : bpf.counts().entries()) {
                    totals.put(e.getKey().intValue(), e.getValue());
                }
                return totals;
            }

            @Override
            public void forget(int jvm) {
                bpf.counts().delete(jvm);
            }

            @Override
            public void close() {
                bpf.close();
            }
        };
    }
}
