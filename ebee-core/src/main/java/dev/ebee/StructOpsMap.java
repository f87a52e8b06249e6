package dev.ebee;

import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * One struct_ops map against the kernel: the kernel's struct of the same name (whose member
 * indices the programs load with), the value type the kernel wraps it in
 * ({@code struct bpf_struct_ops_NAME}: a common header, then the struct as member {@code data}),
 * and the value built from the object's bytes with the programs' fds in the function pointers.
 */
final class StructOpsMap {
    private static final String VALUE_PREFIX = "bpf_struct_ops_";

    private final CollectionSpec.StructOps spec;
    private final Btf local;
    private final Btf kernel;
    private final BtfType.Struct localStruct;
    private final BtfType.Struct kernelStruct;
    private final int kernelStructId;
    private final int valueTypeId;
    private final int valueSize;
    private final long dataOffset;

    private StructOpsMap(CollectionSpec.StructOps spec, Btf local, Btf kernel) {
        this.spec = spec;
        this.local = local;
        this.kernel = kernel;
        this.localStruct = (BtfType.Struct) local.type(spec.btfTypeId());
        String type = localStruct.name();
        String where = "struct_ops map " + spec.map() + " (struct " + type + ")";
        this.kernelStructId = kernel.typeId(type, BtfType.KIND_STRUCT).orElse(0);
        this.valueTypeId = kernel.typeId(VALUE_PREFIX + type, BtfType.KIND_STRUCT).orElse(0);
        if (kernelStructId == 0 || valueTypeId == 0) {
            throw new UnsupportedFeatureException("BPF_MAP_CREATE " + spec.map(), Errno.ENOTSUPP,
                    "the kernel may be too old for it, or the module that defines it is not loaded",
                    where + ": the kernel offers no struct_ops of that type (no " + VALUE_PREFIX + type + " in its BTF)");
        }
        this.kernelStruct = (BtfType.Struct) kernel.type(kernelStructId);
        BtfType.Struct value = (BtfType.Struct) kernel.type(valueTypeId);
        this.valueSize = value.size();
        this.dataOffset = value.members().stream().filter(m -> m.name().equals("data")).findFirst()
                .map(m -> (long) m.bitOffset() / 8).orElseThrow(() -> new EbeeException(
                        where + ": the kernel's " + VALUE_PREFIX + type + " has no member data"));
    }

    static StructOpsMap resolve(CollectionSpec.StructOps spec, Btf local, Btf kernel) {
        return new StructOpsMap(spec, local, kernel);
    }

    /**
     * The map, created against the kernel's value type, with the spec's flags: BPF_F_LINK as the
     * parser sets it for both sections, or without it for a {@code .struct_ops} map on a kernel that
     * refuses it (a {@code .struct_ops.link} map then fails: it cannot register otherwise).
     */
    BpfMap create(MapSpec m, int objectBtfFd, BpfToken token) {
        if (objectBtfFd <= 0) {
            throw new EbeeException("struct_ops map " + spec.map() + " needs the object's BTF in the kernel, which it refused",
                    "see the warning above about the object's BTF");
        }
        try {
            return createWithFlags(m, m.flags(), objectBtfFd, token);
        } catch (SyscallException e) {
            if (e.errno() == Errno.EINVAL && (m.flags() & MapSpec.F_LINK) != 0 && !spec.section().endsWith(".link")) {
                // a kernel without struct_ops links (before 6.4): a .struct_ops map registers by its update, as with libbpf
                return createWithFlags(m, m.flags() & ~MapSpec.F_LINK, objectBtfFd, token);
            }
            if (e.errno() == Errno.EINVAL && (m.flags() & MapSpec.F_LINK) != 0) {
                // the kernel knows the type (found in its BTF above): what it refuses is the link flag (before 6.4)
                throw new UnsupportedFeatureException("BPF_MAP_CREATE " + spec.map(), Errno.EINVAL,
                        "ebee registers struct_ops through a bpf_link, which needs a newer kernel (Linux 6.4)",
                        "the kernel refuses BPF_F_LINK on struct_ops map " + spec.map() + " (struct " + localStruct.name() + ")");
            }
            throw e;
        }
    }

    private BpfMap createWithFlags(MapSpec m, int flags, int objectBtfFd, BpfToken token) {
        return BpfMap.createStructOps(new MapSpec(m.name(), m.type(), m.keySize(), valueSize, m.maxEntries(), flags,
                null, m.pinning(), m.numaNode(), m.mapExtra(), 0, 0, List.of(), false, 0), objectBtfFd, valueTypeId, token);
    }

    /** The kernel struct's id in vmlinux BTF: the attach_btf_id of the map's programs. */
    int kernelStructId() {
        return kernelStructId;
    }

    /** The index in the kernel's struct of member {@code name}, which a program implementing it loads with. */
    int memberIndex(String name) {
        List<BtfType.Member> ms = kernelStruct.members();
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new EbeeException("struct_ops map " + spec.map() + ": the kernel's struct " + kernelStruct.name()
                + " has no member " + name, "the kernel may be older than the struct the object was built against");
    }

    /**
     * The map's value: the object's members copied to where the kernel's struct has them, each
     * function pointer that names a program replaced by the program's fd, as the kernel expects.
     */
    byte[] value(Map<String, Program> programs) {
        byte[] out = new byte[valueSize];
        byte[] data = spec.data();
        String where = "struct_ops map " + spec.map() + " member ";
        for (BtfType.Member lm : localStruct.members()) {
            long localOff = lm.bitOffset() / 8;
            int localSize = lm.bitfieldSize() != 0 ? 0 : (int) local.sizeOf(lm.type());
            String program = spec.programs().get(lm.name());
            boolean set = program != null || !zero(data, localOff, localSize);
            if (!set || lm.name().isEmpty()) {
                continue;
            }
            if (lm.bitfieldSize() != 0) {
                throw new EbeeException(where + lm.name() + " is a bitfield, which ebee cannot copy into the kernel's struct");
            }
            BtfType.Member km = kernelStruct.members().get(memberIndex(lm.name()));
            int at = (int) (dataOffset + km.bitOffset() / 8);
            if (program != null) {
                Program p = programs.get(program);
                if (p == null) {
                    throw new EbeeException(where + lm.name() + " names program " + program + ", which was not loaded",
                            "leave it to load (setAutoload)");
                }
                ByteBuffer.wrap(out, at, 8).order(ByteOrder.nativeOrder()).putLong(p.fd());
            } else if (local.type(local.resolve(lm.type())) instanceof BtfType.Ptr) {
                throw new EbeeException(where + lm.name() + " is a pointer that names no program",
                        "only function pointers to the object's struct_ops programs can be set");
            } else {
                long kernelSize = kernel.sizeOf(km.type());
                if (kernelSize != localSize) {
                    throw new EbeeException(where + lm.name() + " has " + localSize + " bytes, the kernel's "
                            + kernelSize, "rebuild the object against the running kernel's vmlinux.h");
                }
                System.arraycopy(data, (int) localOff, out, at, localSize);
            }
        }
        return out;
    }

    private static boolean zero(byte[] b, long off, int len) {
        for (int i = 0; i < len; i++) {
            if (b[(int) off + i] != 0) {
                return false;
            }
        }
        return true;
    }
}
