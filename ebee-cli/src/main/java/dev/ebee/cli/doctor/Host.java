package dev.ebee.cli.doctor;

import dev.ebee.cli.common.Cgroup2;
import dev.ebee.features.Features;
import dev.ebee.features.Privileges;
import dev.ebee.fs.BpfFs;
import dev.ebee.fs.TraceFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ebee doctor} finds on this host: read from /proc and /sys, and the kernel features
 * probed by trying them ({@link Features}), never guessed from the kernel version.
 */
final class Host {
    static final String KERNEL = "kernel", BTF = "BTF", CAPS = "capabilities", BPFFS = "bpffs", TRACEFS = "tracefs",
            CGROUP2 = "cgroup v2", UNPRIVILEGED = "unprivileged BPF", LOCKDOWN = "lockdown", JIT = "JIT",
            PARANOID = "perf_event_paranoid";

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final List<Check> features = new ArrayList<>();
    private final long caps;

    private Host(long caps) {
        this.caps = caps;
    }

    /** Looks at this host now. Feature probes run only with the privileges they need. */
    static Host inspect() {
        Host h = new Host(Privileges.effectiveCapabilities());
        Features kernel = Features.kernel();
        h.add(Check.ok(KERNEL, read("/proc/sys/kernel/osrelease").orElse("?") + " " + System.getProperty("os.arch")));
        h.add(kernel.btf().supported() ? Check.ok(BTF, "/sys/kernel/btf/vmlinux")
                : Check.no(BTF, kernel.btf().detail() + "; the tools need it for CO-RE"));
        h.add(h.capabilities());
        h.add(BpfFs.find().map(p -> Check.ok(BPFFS, "mounted at " + p))
                .orElseGet(() -> h.mountable(BPFFS, "ebee mounts it at " + BpfFs.DEFAULT + " when it pins")));
        h.add(TraceFs.find().map(h::tracefsAt)
                .orElseGet(() -> h.mountable(TRACEFS, "ebee mounts it at " + TraceFs.DEFAULT + " for tracepoints")));
        h.add(Cgroup2.find().map(c -> Check.ok(CGROUP2, "mounted at " + c.mount() + " (-c/--cgroup filters on it)"))
                .orElseGet(() -> Check.no(CGROUP2, "not mounted: -c/--cgroup and the cgroup of events need cgroup v2")));
        h.add(Check.ok(UNPRIVILEGED, unprivileged(read("/proc/sys/kernel/unprivileged_bpf_disabled").orElse(null))));
        h.add(Check.ok(LOCKDOWN, lockdown(read("/sys/kernel/security/lockdown").orElse(null))));
        h.add(jit(read("/proc/sys/net/core/bpf_jit_enable").orElse(null)));
        h.add(Check.ok(PARANOID, paranoid(read("/proc/sys/kernel/perf_event_paranoid").orElse(null))));
        if (Privileges.fullyPrivileged()) {
            for (Features.Probe p : kernel.summary()) {
                h.features.add(new Check(p.feature(), p.supported(), p.supported()
                        ? (p.detail() == null ? "yes" : p.detail()) : p.detail()));
            }
        }
        return h;
    }

    private void add(Check c) {
        checks.put(c.name(), c);
    }

    Check check(String name) {
        return checks.get(name);
    }

    List<Check> checks() {
        return List.copyOf(checks.values());
    }

    /** The kernel features probed; empty when this process may not probe them. */
    List<Check> features() {
        return List.copyOf(features);
    }

    boolean probed() {
        return !features.isEmpty();
    }

    /** The answer of the probe named {@code feature}, or null when it was not probed. */
    Check feature(String feature) {
        return features.stream().filter(c -> c.name().equals(feature)).findFirst().orElse(null);
    }

    /** The effective capability set this look found. */
    long capabilitySet() {
        return caps;
    }

    boolean has(int capability) {
        return (caps & (1L << capability)) != 0;
    }

    private Check capabilities() {
        StringBuilder held = new StringBuilder();
        for (int cap : List.of(Privileges.CAP_BPF, Privileges.CAP_PERFMON, Privileges.CAP_NET_ADMIN, Privileges.CAP_SYS_ADMIN)) {
            held.append(held.isEmpty() ? "" : ", ").append(capabilityName(cap)).append(has(cap) ? " yes" : " no");
        }
        String who = "uid " + uid() + ": ";
        return Privileges.fullyPrivileged() ? Check.ok(CAPS, who + held)
                : Check.no(CAPS, who + held + "; tracing needs CAP_BPF and CAP_PERFMON (or root), XDP and TC also CAP_NET_ADMIN");
    }

    static String capabilityName(int cap) {
        return switch (cap) {
            case Privileges.CAP_BPF -> "CAP_BPF";
            case Privileges.CAP_PERFMON -> "CAP_PERFMON";
            case Privileges.CAP_NET_ADMIN -> "CAP_NET_ADMIN";
            case Privileges.CAP_SYS_ADMIN -> "CAP_SYS_ADMIN";
            default -> "capability " + cap;
        };
    }

    /** The real uid, from /proc/self/status ({@code Uid: real effective saved fs}). */
    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.substring(4).strip().split("\\s+")[0]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private Check mountable(String name, String what) {
        return has(Privileges.CAP_SYS_ADMIN) ? Check.ok(name, "not mounted; " + what)
                : Check.no(name, "not mounted, and mounting it needs CAP_SYS_ADMIN: ask an administrator to mount it");
    }

    private Check tracefsAt(Path p) {
        Path id = p.resolve("events/syscalls/sys_enter_execve/id");
        return Files.isReadable(id) ? Check.ok(TRACEFS, "mounted at " + p)
                : Check.no(TRACEFS, "mounted at " + p + " but its tracepoint ids are not readable by this user ("
                + id + "): tracepoint tools need read access there");
    }

    static String unprivileged(String value) {
        return switch (value == null ? "" : value) {
            case "0" -> "0: allowed to unprivileged users";
            case "1" -> "1: off for unprivileged users until reboot (ebee needs CAP_BPF anyway)";
            case "2" -> "2: off for unprivileged users (ebee needs CAP_BPF anyway)";
            default -> "unknown (no /proc/sys/kernel/unprivileged_bpf_disabled)";
        };
    }

    /** The selected mode of {@code [none] integrity confidentiality}. */
    static String lockdown(String value) {
        if (value == null) {
            return "unknown: securityfs is not mounted at /sys/kernel/security";
        }
        int open = value.indexOf('['), close = value.indexOf(']');
        String mode = open >= 0 && close > open ? value.substring(open + 1, close) : value.strip();
        return switch (mode) {
            case "none" -> "none";
            case "integrity" -> "integrity (the kernel may refuse some program kinds, even to root)";
            case "confidentiality" -> "confidentiality (reading kernel memory is refused: most tracing tools fail)";
            default -> mode;
        };
    }

    static String paranoid(String value) {
        if (value == null) {
            return "unknown (no /proc/sys/kernel/perf_event_paranoid)";
        }
        return value + (value.matches("[3-9]") ? ": perf_event_open (tracepoints) asks CAP_SYS_ADMIN besides CAP_PERFMON"
                : ": tracepoints need CAP_PERFMON");
    }

    static Check jit(String value) {
        return switch (value == null ? "" : value) {
            case "1" -> Check.ok(JIT, "on");
            case "2" -> Check.ok(JIT, "on, with debug output");
            case "0" -> Check.no(JIT, "off: programs run in the interpreter, slower; set net.core.bpf_jit_enable=1");
            default -> Check.ok(JIT, "always on (no /proc/sys/net/core/bpf_jit_enable)");
        };
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)).strip());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
