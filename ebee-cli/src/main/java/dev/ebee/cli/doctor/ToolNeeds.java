package dev.ebee.cli.doctor;

import dev.ebee.features.Privileges;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each tool needs of the host, and whether {@link Host} found it: the capabilities, the host
 * checks and the probed kernel features each tool's programs, maps and attachments use.
 */
final class ToolNeeds {
    private ToolNeeds() {
    }

    /** A tool and what stops it here (empty: it can run). */
    record Verdict(String tool, List<String> missing) {
        boolean ready() {
            return missing.isEmpty();
        }
    }

    private record Needs(List<Integer> caps, List<String> checks, List<String> features) {
    }

    private static final List<Integer> TRACING = List.of(Privileges.CAP_BPF, Privileges.CAP_PERFMON);
    private static final List<Integer> NETWORK = List.of(Privileges.CAP_BPF, Privileges.CAP_NET_ADMIN);

    private static final Map<String, Needs> TOOLS = Map.of(
            "execsnoop", new Needs(TRACING, List.of(Host.BTF, Host.TRACEFS), List.of("program type tracepoint", "map type ringbuf")),
            "rmdetect", new Needs(TRACING, List.of(Host.BTF, Host.TRACEFS), List.of("program type tracepoint", "map type ringbuf")),
            "execcount", new Needs(TRACING, List.of(Host.TRACEFS), List.of("program type tracepoint")),
            "pktmon", new Needs(NETWORK, List.of(Host.BTF), List.of("program type xdp", "XDP links", "map type ringbuf")),
            "bashreadline", new Needs(TRACING, List.of(), List.of("uprobes", "map type perf_event_array")),
            "tracepipe", new Needs(TRACING, List.of(Host.TRACEFS), List.of("program type tracepoint")));

    static final List<String> ORDER = List.of("execsnoop", "rmdetect", "execcount", "pktmon", "bashreadline", "tracepipe");

    static List<Verdict> judge(Host host) {
        List<Verdict> out = new ArrayList<>();
        for (String tool : ORDER) {
            Needs n = TOOLS.get(tool);
            List<String> missing = new ArrayList<>();
            for (int cap : n.caps()) {
                // CAP_SYS_ADMIN includes CAP_BPF and CAP_PERFMON (Linux 5.8+), not CAP_NET_ADMIN
                boolean implied = cap != Privileges.CAP_NET_ADMIN && host.has(Privileges.CAP_SYS_ADMIN);
                if (!host.has(cap) && !implied) {
                    missing.add(Host.capabilityName(cap));
                }
            }
            for (String c : n.checks()) {
                if (!host.check(c).ok()) {
                    missing.add(c);
                }
            }
            for (String f : n.features()) {
                Check probe = host.feature(f);
                if (probe == null) {
                    missing.add(f + " (not probed without privileges)");
                } else if (!probe.ok()) {
                    missing.add(f);
                }
            }
            out.add(new Verdict(tool, List.copyOf(missing)));
        }
        return out;
    }
}
