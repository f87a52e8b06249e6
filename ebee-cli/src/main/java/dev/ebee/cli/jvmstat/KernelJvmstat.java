package dev.ebee.cli.jvmstat;

import dev.ebee.cli.bpf.JvmstatBpf;
import dev.ebee.cli.bpf.JvmstatBpf.JvmCounts;
import dev.ebee.cli.common.Closing;
import dev.ebee.cli.common.Libjvms;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** jvmstat's kernel side: {@link JvmstatBpf} on eight HotSpot probes of each libjvm.so, totals in the hash map "counts". */
final class KernelJvmstat {
    private KernelJvmstat() {
    }

    static JvmstatProbe.Counters open(JvmstatProbe.Config config) {
        JvmstatBpf bpf = JvmstatBpf.spec().targPid(config.pid()).load();
        int pid = config.pid();
        Closing.onFailure(bpf, () -> {
            for (Path lib : config.libjvms()) { // every link is closed with bpf
                bpf.attachGcBegin(Libjvms.hotspot(lib, "gc__begin", pid));
                bpf.attachGcEnd(Libjvms.hotspot(lib, "gc__end", pid));
                bpf.attachThreadStart(Libjvms.hotspot(lib, "thread__start", pid));
                bpf.attachThreadStop(Libjvms.hotspot(lib, "thread__stop", pid));
                bpf.attachClassLoaded(Libjvms.hotspot(lib, "class__loaded", pid));
                bpf.attachClassUnloaded(Libjvms.hotspot(lib, "class__unloaded", pid));
                bpf.attachCompileBegin(Libjvms.hotspot(lib, "method__compile__begin", pid));
                bpf.attachCompileEnd(Libjvms.hotspot(lib, "method__compile__end", pid));
            }
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
