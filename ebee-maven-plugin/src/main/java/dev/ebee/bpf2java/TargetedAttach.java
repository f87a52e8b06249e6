package dev.ebee.bpf2java;

import dev.ebee.AttachType;
import dev.ebee.ProgramType;
import dev.ebee.SectionDef;
import dev.ebee.link.CgroupHook;
import dev.ebee.link.TcxDirection;

import java.util.Arrays;
import java.util.Optional;

/**
 * The typed attach method of a program whose section says what kind of hook it takes but not the
 * target: an XDP or tcx program wants an interface, a cgroup program a cgroup, a bare uprobe a
 * binary and a symbol, a bare usdt a {@code UsdtTarget}. The section gives what it does say (the tcx direction, the cgroup hook,
 * entry or return), so the method asks only for the rest.
 *
 * @param parameters the Java parameter list
 * @param linkType   the {@code dev.ebee.link} class the method returns
 * @param call       the attach call, with {@code %s} where the program goes
 * @param example    arguments for the class documentation's example
 */
record TargetedAttach(String parameters, String linkType, String call, String example) {
    /** The method for a program in {@code section}, or empty when its section names no kind of target it knows. */
    static Optional<TargetedAttach> of(String section) {
        if (section == null || SkeletonWriter.autoAttachable(section)) {
            return Optional.empty();
        }
        SectionDef def = SectionDef.find(section).map(SectionDef.Match::def).orElse(null);
        if (def == null) {
            return Optional.empty();
        }
        AttachType at = def.attachType();
        if (def.type() == ProgramType.XDP && at == AttachType.XDP) {
            return Optional.of(new TargetedAttach("String ifname, XdpMode mode", "Xdp", "Xdp.attach(%s, ifname, mode)",
                    "\"eth0\", XdpMode.AUTO"));
        }
        for (TcxDirection d : TcxDirection.values()) {
            if (def.type() == ProgramType.SCHED_CLS && at == d.attachType()) {
                return Optional.of(new TargetedAttach("String ifname", "Tcx",
                        "Tcx.attach(%s, ifname, TcxDirection." + d.name() + ")", "\"eth0\""));
            }
        }
        Optional<CgroupHook> hook = Arrays.stream(CgroupHook.values()).filter(h -> at != null && h.attachType() == at).findFirst();
        if (hook.isPresent()) {
            return Optional.of(new TargetedAttach("Path cgroup", "Cgroup",
                    "Cgroup.attach(%s, cgroup, CgroupHook." + hook.get().name() + ")", "Path.of(\"/sys/fs/cgroup\")"));
        }
        return switch (def.auto()) {
            case UPROBE -> Optional.of(uprobe("attach"));
            case URETPROBE -> Optional.of(uprobe("attachReturn"));
            // through the collection, which fills the object's usdt.bpf.h spec map
            case USDT -> Optional.of(new TargetedAttach("UsdtTarget target", "Usdt", "collection.attachUsdt(%s.name(), target)",
                    "UsdtTarget.of(\"libjvm.so\", \"hotspot\", \"gc__begin\").pid(pid)"));
            default -> Optional.empty();
        };
    }

    private static TargetedAttach uprobe(String method) {
        return new TargetedAttach("String binary, String symbol", "Uprobe", "Uprobe." + method + "(%s, binary, symbol)",
                "\"/bin/bash\", \"readline\"");
    }
}
