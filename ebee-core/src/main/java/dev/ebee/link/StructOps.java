package dev.ebee.link;

import dev.ebee.AttachType;
import dev.ebee.BpfMap;
import dev.ebee.EbeeException;
import dev.ebee.MapSpec;
import dev.ebee.MapType;

/**
 * A struct_ops map registered with the kernel ({@code struct tcp_congestion_ops} and the like)
 * through a {@code bpf_link}: the kernel uses the struct's programs while the link lives, and
 * unregisters it when the link closes, even when the process is killed. The map is a loaded
 * collection's ({@code .struct_ops.link} or {@code .struct_ops} section), its value already filled.
 */
public final class StructOps extends BaseLink implements Link {
    private StructOps(dev.ebee.internal.sys.Fd link, String description) {
        super(link, null, description);
    }

    /** Registers struct_ops map {@code map} (BPF_LINK_CREATE with the map in place of a program). */
    public static StructOps attach(BpfMap map) {
        if (map.type() != MapType.STRUCT_OPS) {
            throw new EbeeException("map " + map.name() + " is a " + map.type().bpftoolName() + " map, not a struct_ops map");
        }
        if ((map.flags() & MapSpec.F_LINK) == 0) {
            throw new EbeeException("struct_ops map " + map.name() + " was created without BPF_F_LINK, so it registers "
                    + "by its update and has no link", "register it with Collection.attachStructOps(name) (StructOpsUpdate)");
        }
        String what = "struct_ops " + map.name();
        return new StructOps(LinkCreate.create(what, map.fd(), 0, AttachType.STRUCT_OPS.id(), 0, 0, 0), what);
    }
}
