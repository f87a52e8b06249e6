package dev.ebee.link;

import dev.ebee.EbeeException;
import dev.ebee.Program;
import dev.ebee.SectionDef;

import java.util.Optional;

/**
 * Attaches a program where its ELF section says, following libbpf's {@code SEC()} conventions:
 * {@code tracepoint/CAT/NAME} and {@code tp/CAT/NAME}, {@code raw_tp/NAME} and
 * {@code raw_tracepoint/NAME}, {@code tp_btf/}, {@code fentry/}, {@code fexit/},
 * {@code fmod_ret/}, {@code lsm/}, {@code kprobe/SYM[+OFF]}, {@code kretprobe/SYM},
 * {@code uprobe/BINARY:SYM[+OFF]}, {@code uretprobe/BINARY:SYM}, {@code usdt/PATH:PROVIDER:NAME}
 * (through the collection's usdt.bpf.h spec map). Sections that need a target
 * the name does not give (xdp, tc, tcx, cgroup, socket, bare uprobe) are refused with a hint.
 * Which sections attach how is {@link SectionDef}'s table ({@link SectionDef#auto()}); this class
 * only turns the target into a link.
 */
public final class AutoAttach {
    private AutoAttach() {
    }

    /**
     * Whether {@code section} names its attach point completely, so that {@link #attach(Program)}
     * can attach it without more information (it may still fail: unknown target, missing feature).
     */
    public static boolean attachable(String section) {
        return refusal(section).isEmpty();
    }

    /**
     * Why {@link #attach(Program)} cannot attach a program of {@code section}, with the method that
     * attaches it instead; empty when the section names its attach point completely.
     */
    public static Optional<String> refusal(String section) {
        if (section == null || section.isEmpty()) {
            return Optional.of("it has no section to attach by: attach it with the link class of its kind");
        }
        SectionDef.Match m = SectionDef.find(section).orElse(null);
        if (m == null) {
            return Optional.of("section " + section + " is not one libbpf knows: attach it with the link class of its kind");
        }
        String t = m.target();
        return switch (m.def().auto()) {
            case MANUAL -> Optional.of(manual(m.def()));
            case TRACING -> Optional.empty();
            case TRACEPOINT -> t != null && t.indexOf('/') > 0 && !t.endsWith("/") ? Optional.empty()
                    : Optional.of("section " + section + " names no CATEGORY/NAME: attach it with Tracepoint.attach(program, category, name)");
            case RAW_TRACEPOINT -> t != null ? Optional.empty()
                    : Optional.of("section " + section + " names no tracepoint: attach it with RawTracepoint.attach(program, name)");
            case KPROBE, KRETPROBE -> t != null ? Optional.empty()
                    : Optional.of("section " + section + " names no function: attach it with Kprobe.attach(program, symbol)");
            case UPROBE, URETPROBE -> {
                int colon = t == null ? -1 : t.lastIndexOf(':');
                yield colon > 0 && colon < t.length() - 1 ? Optional.empty()
                        : Optional.of("section " + section + " names no BINARY:SYMBOL: attach it with Uprobe."
                        + (m.def().auto() == SectionDef.Auto.URETPROBE ? "attachReturn" : "attach") + "(program, binary, symbol)");
            }
            case USDT -> usdtParts(t) != null ? Optional.empty()
                    : Optional.of("section " + section + " names no PATH:PROVIDER:NAME: attach it with "
                    + "collection.attachUsdt(program, UsdtTarget.of(binary, provider, name))");
        };
    }

    /** What a section attached by the caller needs, by its program type, and the method that takes it. */
    private static String manual(SectionDef def) {
        return switch (def.type()) {
            case XDP -> "an XDP program needs a network interface: attach it with Xdp.attach(program, ifname, mode)";
            case SCHED_CLS -> "a tc program needs a network interface: attach it with Tcx.attach(program, ifname, direction)";
            case CGROUP_SKB, CGROUP_SOCK, CGROUP_DEVICE, CGROUP_SOCK_ADDR, CGROUP_SYSCTL, CGROUP_SOCKOPT, SOCK_OPS ->
                    "a cgroup program needs a cgroup: attach it with Cgroup.attach(program, cgroup, hook)";
            case SOCKET_FILTER -> "a socket filter needs a socket: attach it with SocketFilter.attach(program, socketFd)";
            case KPROBE -> def.attachType() == dev.ebee.AttachType.TRACE_UPROBE_MULTI
                    ? "a uprobe.multi program needs a file and its functions: attach it with "
                    + "UprobeMulti.attach(program, binary, symbols, options)"
                    : "its section does not say where to attach: attach it with the link class of its kind";
            default -> "its section does not say where to attach: attach it with the link class of its kind";
        };
    }

    /**
     * {@code usdt/PATH:PROVIDER:NAME} split at its last two colons (PATH may hold colons), or null
     * when the target is not of that form.
     */
    static String[] usdtParts(String target) {
        if (target == null) {
            return null;
        }
        int c2 = target.lastIndexOf(':');
        int c1 = c2 <= 0 ? -1 : target.lastIndexOf(':', c2 - 1);
        if (c1 <= 0 || c2 == c1 + 1 || c2 == target.length() - 1) {
            return null;
        }
        return new String[]{target.substring(0, c1), target.substring(c1 + 1, c2), target.substring(c2 + 1)};
    }

    /** Attaches {@code program} to the hook its section names (a {@code usdt/} section needs {@link #attach(Program, UsdtSpecTable)}). */
    public static Link attach(Program program) {
        return attach(program, null);
    }

    /**
     * Attaches {@code program} to the hook its section names; a {@code usdt/PATH:PROVIDER:NAME}
     * program through {@code usdtSpecs}, the table over its collection's {@code __bpf_usdt_specs}
     * map (null when it has none).
     */
    public static Link attach(Program program, UsdtSpecTable usdtSpecs) {
        String sec = program.section();
        if (sec == null || sec.isEmpty()) {
            throw new EbeeException("program " + program.name() + " has no section to attach by",
                    "attach it with the link class of its kind (Tracepoint, Xdp, ...)");
        }
        return attach(program.fd(), sec, usdtSpecs);
    }

    /** Attaches the program {@code progFd} to the hook that section name {@code section} names. */
    static Link attach(int progFd, String section) {
        return attach(progFd, section, null);
    }

    private static Link attach(int progFd, String section, UsdtSpecTable usdtSpecs) {
        SectionDef.Match match = SectionDef.find(section).orElse(null);
        SectionDef.Auto auto = match == null ? SectionDef.Auto.MANUAL : match.def().auto();
        String target = match == null || match.target() == null ? "" : match.target();
        return switch (auto) {
            case TRACEPOINT -> Tracepoint.attach(progFd, need(section, target, "CATEGORY/NAME"));
            case RAW_TRACEPOINT -> RawTracepoint.attach(progFd, need(section, target, "NAME"));
            case TRACING -> Tracing.attach(progFd, section);
            case KPROBE, KRETPROBE -> {
                String t = need(section, target, "SYMBOL[+OFFSET]");
                int plus = t.indexOf('+');
                String sym = plus < 0 ? t : t.substring(0, plus);
                long off = plus < 0 ? 0 : parseOffset(section, t.substring(plus + 1));
                yield Kprobe.attach(progFd, sym, off, auto == SectionDef.Auto.KRETPROBE, 0);
            }
            case UPROBE, URETPROBE -> Uprobe.attach(progFd, uprobeTarget(section, auto, target));
            case USDT -> {
                String[] parts = usdtParts(target);
                if (parts == null) {
                    throw new EbeeException("section " + section + " does not say where to attach", refusal(section).orElseThrow());
                }
                if (usdtSpecs == null) {
                    throw new EbeeException("cannot attach " + section + ": the program's collection has no "
                            + UsdtSpecTable.MAP_NAME + " map", "include <bpf/usdt.bpf.h> and read the arguments with "
                            + "BPF_USDT() or bpf_usdt_arg(); attach it through its collection (attachAll(), attach(name))");
                }
                yield Usdt.attach(progFd, usdtSpecs, UsdtTarget.of(parts[0], parts[1], parts[2]));
            }
            case MANUAL -> throw new EbeeException("section " + section + " does not say where to attach",
                    refusal(section).orElseThrow());
        };
    }

    /** The probe a {@code uprobe}/{@code uretprobe} section names: a return probe exactly when {@code auto} is URETPROBE. */
    static UprobeTarget uprobeTarget(String section, SectionDef.Auto auto, String target) {
        String t = need(section, target, "BINARY:SYMBOL[+OFFSET]");
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new EbeeException("section " + section + " does not name BINARY:SYMBOL",
                    "attach with Uprobe.attach(program, UprobeTarget.symbol(binary, symbol))");
        }
        String fn = t.substring(colon + 1);
        int plus = fn.indexOf('+');
        UprobeTarget ut = UprobeTarget.symbol(t.substring(0, colon), plus < 0 ? fn : fn.substring(0, plus))
                .retprobe(auto == SectionDef.Auto.URETPROBE);
        return plus < 0 ? ut : ut.plus(parseOffset(section, fn.substring(plus + 1)));
    }

    private static String need(String section, String target, String form) {
        if (target.isEmpty()) {
            throw new EbeeException("section " + section + " names no target", "write it as " + section + "/" + form);
        }
        return target;
    }

    private static long parseOffset(String section, String s) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new EbeeException("bad offset '" + s + "' in section " + section, "write it as decimal or 0x-hex", e);
        }
    }
}
