package dev.ebee.cli.doctor;

import dev.ebee.features.Privileges;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each tool needs of the host, and whether {@link Host} found it: the capabilities, the host
 * checks and the probed kernel features each tool's programs, maps and attachments use.
 */
public final class ToolNeeds {
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

    /** Tracepoints: perf_event_open with CAP_PERFMON ({@link #withParanoia} adds what a stricter kernel asks). */
    private static final List<Integer> TRACING = List.of(Privileges.CAP_BPF, Privileges.CAP_PERFMON);
    /** XDP: CAP_NET_ADMIN, and CAP_PERFMON because without it the verifier forbids packet pointer arithmetic at variable offsets (Spectre v1). */
    private static final List<Integer> NETWORK = List.of(Privileges.CAP_BPF, Privileges.CAP_PERFMON, Privileges.CAP_NET_ADMIN);
    /** Uprobes through perf_event_open: the kernel asks CAP_SYS_ADMIN for its uprobe PMU, whatever CAP_PERFMON says. */
    private static final List<Integer> UPROBES = List.of(Privileges.CAP_BPF, Privileges.CAP_PERFMON, Privileges.CAP_SYS_ADMIN);

    private static final Map<String, Needs> TOOLS = Map.of(
            "execsnoop", new Needs(TRACING, List.of(Host.BTF, Host.TRACEFS), List.of("program type tracepoint", "map type ringbuf")),
            "rmdetect", new Needs(TRACING, List.of(Host.BTF, Host.TRACEFS), List.of("program type tracepoint", "map type ringbuf")),
            "execcount", new Needs(TRACING, List.of(Host.TRACEFS), List.of("program type tracepoint")),
            "pktmon", new Needs(NETWORK, List.of(Host.BTF), List.of("program type xdp", "XDP links", "map type ringbuf")),
            "bashreadline", new Needs(UPROBES, List.of(), List.of("uprobes", "map type perf_event_array")),
            "tracepipe", new Needs(TRACING, List.of(Host.TRACEFS), List.of("program type tracepoint")),
            "jvmgc", new Needs(UPROBES, List.of(), List.of("uprobes", "uprobe BPF cookies", "map type ringbuf")),
            "jvmstat", new Needs(UPROBES, List.of(), List.of("uprobes", "uprobe BPF cookies")),
            "jvmthreads", new Needs(UPROBES, List.of(), List.of("uprobes", "uprobe BPF cookies", "map type ringbuf")),
            "jvmclassload", new Needs(UPROBES, List.of(), List.of("uprobes", "uprobe BPF cookies", "map type ringbuf")));

    static final List<String> ORDER = List.of("execsnoop", "rmdetect", "execcount", "pktmon", "bashreadline", "tracepipe", "jvmgc", "jvmstat", "jvmthreads", "jvmclassload");

    /**
     * {@code caps} as this kernel asks them: with {@code kernel.perf_event_paranoid} above 2 (Debian's
     * and Ubuntu's level 3), perf_event_open, which tracepoints go through, needs CAP_SYS_ADMIN.
     */
    static List<Integer> withParanoia(List<Integer> caps, int paranoid) {
        if (paranoid <= 2 || !caps.equals(TRACING)) {
            return caps;
        }
        return List.of(Privileges.CAP_BPF, Privileges.CAP_PERFMON, Privileges.CAP_SYS_ADMIN);
    }

    /** kernel.perf_event_paranoid, or 2 (the kernel's default) when it cannot be read. */
    static int perfEventParanoid() {
        try {
            return Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/perf_event_paranoid")).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return 2;
        }
    }

    /** The capabilities {@code tool} needs that this process lacks, by name; empty for an unknown tool. */
    public static List<String> capabilitiesLacking(String tool) {
        Needs n = tool == null ? null : TOOLS.get(tool);
        if (n == null) {
            return List.of();
        }
        long caps = Privileges.effectiveCapabilities();
        List<String> out = new ArrayList<>();
        for (int cap : withParanoia(n.caps(), perfEventParanoid())) {
            if (!held(caps, cap)) {
                out.add(Host.capabilityName(cap));
            }
        }
        return out;
    }

    /** Whether {@code cap} is in {@code caps}; CAP_SYS_ADMIN includes CAP_BPF and CAP_PERFMON (Linux 5.8+), not CAP_NET_ADMIN. */
    private static boolean held(long caps, int cap) {
        boolean sysAdmin = (caps & (1L << Privileges.CAP_SYS_ADMIN)) != 0;
        return (caps & (1L << cap)) != 0 || (cap != Privileges.CAP_NET_ADMIN && sysAdmin);
    }

    static List<Verdict> judge(Host host) {
        List<Verdict> out = new ArrayList<>();
        for (String tool : ORDER) {
            Needs n = TOOLS.get(tool);
            List<String> missing = new ArrayList<>();
            for (int cap : withParanoia(n.caps(), perfEventParanoid())) {
                if (!held(host.capabilitySet(), cap)) {
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
