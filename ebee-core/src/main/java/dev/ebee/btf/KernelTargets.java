package dev.ebee.btf;

import java.util.OptionalInt;

/**
 * The kernel objects a BPF program names, found by their BTF ids in the kernel's BTF: kernel
 * variables ({@code __ksym} externs), kernel functions ({@code __ksym} kfuncs) and the functions
 * and tracepoints that tracing, LSM and iterator programs attach to. The id goes into the
 * instruction (ksym, kfunc) or into {@code attach_btf_id} at load.
 */
public final class KernelTargets {
    private KernelTargets() {
    }

    /** What a program attaches to, which fixes how its section's target is named in the kernel's BTF. */
    public enum AttachKind {
        /** tp_btf: the raw tracepoint's typedef {@code btf_trace_NAME}. */
        RAW_TRACEPOINT("btf_trace_", BtfType.KIND_TYPEDEF),
        /** lsm: the hook's function {@code bpf_lsm_NAME}. */
        LSM("bpf_lsm_", BtfType.KIND_FUNC),
        /** iter: the iterator's function {@code bpf_iter_NAME}. */
        ITERATOR("bpf_iter_", BtfType.KIND_FUNC),
        /** fentry, fexit, fmod_ret, freplace: the function itself. */
        FUNCTION("", BtfType.KIND_FUNC);

        private final String prefix;
        private final int kind;

        AttachKind(String prefix, int kind) {
            this.prefix = prefix;
            this.kind = kind;
        }

        /** The name the kernel's BTF gives {@code target} ("btf_trace_sched_switch" for "sched_switch"). */
        public String btfName(String target) {
            return prefix + target;
        }
    }

    /** The BTF id of kernel variable {@code name}, if the kernel's BTF has it. */
    public static OptionalInt variable(Btf kernel, String name) {
        return kernel.typeId(name, BtfType.KIND_VAR);
    }

    /** The BTF id of kernel function {@code name} (a kfunc), if the kernel's BTF has it. */
    public static OptionalInt function(Btf kernel, String name) {
        return kernel.typeId(name, BtfType.KIND_FUNC);
    }

    /**
     * The address /proc/kallsyms gives kernel symbol {@code name} (typeless {@code __ksym} externs),
     * if it lists it. Addresses that read as 0 (kptr_restrict hides them) are an error, not a miss.
     */
    public static java.util.OptionalLong address(String name) {
        java.nio.file.Path kallsyms = java.nio.file.Path.of("/proc/kallsyms");
        try (var lines = java.nio.file.Files.lines(kallsyms)) {
            // "ffffffff822477d0 T schedule" or "... [module]"
            var hit = lines.map(l -> l.split("\\s+")).filter(f -> f.length >= 3 && f[2].equals(name)).findFirst();
            if (hit.isEmpty()) {
                return java.util.OptionalLong.empty();
            }
            long a = Long.parseUnsignedLong(hit.get()[0], 16);
            if (a == 0) {
                throw new dev.ebee.BtfException("/proc/kallsyms hides the address of " + name + " (it reads as 0)",
                        "run as root, with kernel.kptr_restrict below 2");
            }
            return java.util.OptionalLong.of(a);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new dev.ebee.BtfException("cannot read " + kallsyms + ": " + e.getMessage(), null, e);
        }
    }

    /** The BTF id a program of {@code kind} attaching to {@code target} loads with, if the kernel has it. */
    public static OptionalInt attachTarget(Btf kernel, AttachKind kind, String target) {
        return kernel.typeId(kind.btfName(target), kind.kind);
    }
}
