package dev.ebee.asm;

/** BPF opcode parts (classes, sizes, modes, ALU and jump operations) and pseudo source registers. */
public final class Op {
    private Op() {
    }

    // instruction classes
    public static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, JMP32 = 0x06,
            ALU64 = 0x07;
    // sizes
    public static final int W = 0x00, H = 0x08, B = 0x10, DW = 0x18;
    // modes
    public static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, MEMSX = 0x80, ATOMIC = 0xc0;
    // source
    public static final int K = 0x00, X = 0x08;
    // ALU operations
    public static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60,
            RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0, MOV = 0xb0, ARSH = 0xc0, END = 0xd0;
    // jump operations
    public static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40, JNE = 0x50, JSGT = 0x60,
            JSGE = 0x70, CALL = 0x80, EXIT = 0x90, JLT = 0xa0, JLE = 0xb0, JSLT = 0xc0, JSLE = 0xd0;
    // byte swap direction (with END)
    public static final int TO_LE = 0x00, TO_BE = 0x08;
    // atomic operations (imm of an ATOMIC store)
    public static final int ATOMIC_FETCH = 0x01, XCHG = 0xe0 | ATOMIC_FETCH, CMPXCHG = 0xf0 | ATOMIC_FETCH;

    // pseudo source registers of lddw
    public static final int PSEUDO_MAP_FD = 1, PSEUDO_MAP_VALUE = 2, PSEUDO_BTF_ID = 3, PSEUDO_FUNC = 4,
            PSEUDO_MAP_IDX = 5, PSEUDO_MAP_IDX_VALUE = 6;
    // pseudo source registers of call
    public static final int PSEUDO_CALL = 1, PSEUDO_KFUNC_CALL = 2;

    // registers
    public static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5, R6 = 6, R7 = 7, R8 = 8, R9 = 9,
            R10 = 10;
}
