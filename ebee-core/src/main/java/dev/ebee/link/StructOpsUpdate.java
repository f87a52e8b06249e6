package dev.ebee.link;

import dev.ebee.BpfMap;
import dev.ebee.EbeeException;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;

/**
 * A struct_ops map registered by storing its value, as libbpf registers a {@code .struct_ops} map:
 * for maps created without BPF_F_LINK (kernels before 6.4 have no struct_ops links, or the spec's
 * flags say so). There is no bpf_link: closing deletes the value, which unregisters the struct, but a
 * killed process leaves it registered until someone deletes it ({@code bpftool struct_ops unregister}).
 * {@link StructOps} is the link kind, which ebee uses wherever the kernel allows.
 */
public final class StructOpsUpdate extends LegacyAttachment implements Link {
    private static final byte[] KEY = new byte[4];

    private final BpfMap map;

    private StructOpsUpdate(BpfMap map) {
        super("a struct_ops map registered without a link", "inspect it with bpftool struct_ops show",
                "it stays registered until its value is deleted");
        this.map = map;
    }

    /** Registers struct_ops map {@code map} with {@code value}, the kernel's struct with the program fds in place. */
    public static StructOpsUpdate register(BpfMap map, byte[] value) {
        if (map.type() != MapType.STRUCT_OPS) {
            throw new EbeeException("map " + map.name() + " is a " + map.type().bpftoolName() + " map, not a struct_ops map");
        }
        if ((map.flags() & MapSpec.F_LINK) != 0) {
            throw new EbeeException("struct_ops map " + map.name() + " was created with BPF_F_LINK: its update registers nothing",
                    "attach it with StructOps.attach(map)");
        }
        map.update(KEY, value, 0);
        return new StructOpsUpdate(map);
    }

    @Override
    public void update(Program newProgram) {
        throw new EbeeException("a struct_ops registration has no single program to swap",
                "close it and register a map with the new programs");
    }

    @Override
    protected void undo() {
        map.delete(KEY);
    }
}
