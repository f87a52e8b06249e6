package dev.ebee;

import dev.ebee.asm.Insn;

import java.util.List;
import java.util.Objects;

/**
 * A program as described before loading: plain data.
 *
 * @param name               the function's name
 * @param section            the ELF section it came from (libbpf SEC() name), or empty
 * @param type               program type
 * @param expectedAttachType expected attach type, or null for none
 * @param attachTo           attach target from the section name (tracepoint "cat/name", function, ...), or null
 * @param instructions       the instructions, with map references already resolved to fds or still symbolic
 * @param license            license string ("GPL" lets it call GPL-only helpers)
 * @param kernelVersion      kern_version (only old kprobe programs need it)
 * @param flags              BPF_F_* prog flags (sleepable, ...)
 * @param btfInfo            func and line info from .BTF.ext, or null
 * @param autoload           whether a collection loads it
 * @param references         symbolic references the collection resolves at load (maps, externs)
 * @param coreRelocations    CO-RE relocations the collection applies against the kernel's BTF
 */
public record ProgramSpec(String name, String section, ProgramType type, AttachType expectedAttachType,
                          String attachTo, List<Insn> instructions, String license, int kernelVersion, int flags,
                          BtfInfo btfInfo, boolean autoload, List<Reference> references,
                          List<CoreRelocation> coreRelocations) {

    /** What a 64-bit load or call at {@code insn} refers to, resolved when the collection loads. */
    public record Reference(int insn, Kind kind, String target, long offset, boolean weak) {
        /**
         * {@code weak}: a {@code __weak} kernel symbol or kfunc, which the kernel may lack; it then
         * reads as address 0 (the program tests it with {@code bpf_ksym_exists}), as libbpf makes it.
         */
        public Reference(int insn, Kind kind, String target, long offset) {
            this(insn, kind, target, offset, false);
        }

        /** What {@code target} names. */
        public enum Kind {
            /** lddw of a map's address: {@code target} is the map name */
            MAP,
            /** lddw of an address in a map's value (global data): map name and offset */
            MAP_VALUE,
            /**
             * lddw of a kernel symbol (__ksym): its name. A typed variable or a kfunc (its address,
             * for bpf_ksym_exists) by its BTF id; a typeless one ({@code extern const void x __ksym})
             * by its address in /proc/kallsyms
             */
            KSYM,
            /** call of a kernel function (kfunc): its name */
            KFUNC
        }
    }

    /** A CO-RE relocation of the instruction at {@code insn}: local BTF type, access string, kind (BPF_CORE_*). */
    public record CoreRelocation(int insn, int typeId, String access, int kind) {
    }

    public ProgramSpec(String name, String section, ProgramType type, AttachType expectedAttachType,
                       String attachTo, List<Insn> instructions, String license, int kernelVersion, int flags,
                       BtfInfo btfInfo, boolean autoload) {
        this(name, section, type, expectedAttachType, attachTo, instructions, license, kernelVersion, flags, btfInfo,
                autoload, List.of(), List.of());
    }

    /**
     * func_info and line_info records, as BPF_PROG_LOAD takes them, plus the source text of each line.
     */
    public record BtfInfo(byte[] funcInfo, int funcInfoRecSize, int funcInfoCount, byte[] lineInfo,
                          int lineInfoRecSize, int lineInfoCount) {
    }

    public ProgramSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        section = section == null ? "" : section;
        instructions = List.copyOf(instructions);
        license = license == null ? "GPL" : license;
        references = references == null ? List.of() : List.copyOf(references);
        coreRelocations = coreRelocations == null ? List.of() : List.copyOf(coreRelocations);
    }

    /** A spec with just type, instructions and license. */
    public static ProgramSpec of(String name, ProgramType type, List<Insn> instructions, String license) {
        return new ProgramSpec(name, "", type, null, null, instructions, license, 0, 0, null, true);
    }

    public ProgramSpec withExpectedAttachType(AttachType t) {
        return new ProgramSpec(name, section, type, t, attachTo, instructions, license, kernelVersion, flags, btfInfo,
                autoload, references, coreRelocations);
    }

    public ProgramSpec withInstructions(List<Insn> insns) {
        return new ProgramSpec(name, section, type, expectedAttachType, attachTo, insns, license, kernelVersion, flags,
                btfInfo, autoload, references, coreRelocations);
    }

    public ProgramSpec withFlags(int f) {
        return new ProgramSpec(name, section, type, expectedAttachType, attachTo, instructions, license, kernelVersion,
                f, btfInfo, autoload, references, coreRelocations);
    }

    public ProgramSpec withAutoload(boolean a) {
        return new ProgramSpec(name, section, type, expectedAttachType, attachTo, instructions, license, kernelVersion,
                flags, btfInfo, a, references, coreRelocations);
    }

    public ProgramSpec withBtfInfo(BtfInfo info) {
        return new ProgramSpec(name, section, type, expectedAttachType, attachTo, instructions, license, kernelVersion,
                flags, info, autoload, references, coreRelocations);
    }

    public ProgramSpec withAttachTo(String target) {
        return new ProgramSpec(name, section, type, expectedAttachType, target, instructions, license, kernelVersion,
                flags, btfInfo, autoload, references, coreRelocations);
    }

    /** Count of instruction slots (a 64-bit load counts two). */
    public int instructionCount() {
        return instructions.size();
    }
}
