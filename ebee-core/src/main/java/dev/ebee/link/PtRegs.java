package dev.ebee.link;

import java.util.Map;

/**
 * x86-64 registers as a uprobe's BPF program sees them: their byte offsets in the kernel's
 * {@code struct pt_regs} (asm/ptrace.h), for every name and width an assembler writes
 * ({@code %rax}, {@code %eax}, {@code %ax}, {@code %al}; {@code %r8}, {@code %r8d}, {@code %r8w},
 * {@code %r8b}). A narrower name reads the low bytes of the same 8-byte slot.
 */
final class PtRegs {
    /** struct pt_regs, in its order: each slot is 8 bytes. */
    private static final String[] SLOTS = {"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8",
            "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss"};

    private static final Map<String, String> NARROW = Map.ofEntries(
            Map.entry("eax", "rax"), Map.entry("ax", "rax"), Map.entry("al", "rax"),
            Map.entry("ebx", "rbx"), Map.entry("bx", "rbx"), Map.entry("bl", "rbx"),
            Map.entry("ecx", "rcx"), Map.entry("cx", "rcx"), Map.entry("cl", "rcx"),
            Map.entry("edx", "rdx"), Map.entry("dx", "rdx"), Map.entry("dl", "rdx"),
            Map.entry("esi", "rsi"), Map.entry("si", "rsi"), Map.entry("sil", "rsi"),
            Map.entry("edi", "rdi"), Map.entry("di", "rdi"), Map.entry("dil", "rdi"),
            Map.entry("ebp", "rbp"), Map.entry("bp", "rbp"), Map.entry("bpl", "rbp"),
            Map.entry("esp", "rsp"), Map.entry("sp", "rsp"), Map.entry("spl", "rsp"));

    private PtRegs() {
    }

    /**
     * The pt_regs offset of register {@code name} (without the {@code %}), or -1 when there is no
     * such general-purpose register or it cannot be read as the low bytes of a slot (the high-byte
     * registers {@code %ah}, {@code %bh}, {@code %ch}, {@code %dh}).
     */
    static int offset(String name) {
        String full = NARROW.getOrDefault(name, name);
        if (full.matches("r(8|9|1[0-5])[dwb]")) {
            full = full.substring(0, full.length() - 1);
        }
        for (int i = 0; i < SLOTS.length; i++) {
            if (SLOTS[i].equals(full) && !full.equals("orig_rax") && !full.equals("rip") && !full.equals("cs")
                    && !full.equals("ss") && !full.equals("eflags")) {
                return i * 8;
            }
        }
        return -1;
    }
}
