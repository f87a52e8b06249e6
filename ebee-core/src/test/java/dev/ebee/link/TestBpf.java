package dev.ebee.link;

import dev.ebee.asm.Asm;
import dev.ebee.asm.Helper;
import dev.ebee.asm.Insn;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;
import dev.ebee.SyscallException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ebee.asm.Op.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Test-side map creation and program loading straight over bpf(2), so that the link tests need
 * neither clang nor the library's loader.
 */
final class TestBpf {
    static final int MAP_HASH = 1, MAP_ARRAY = 2;
    static final int PROG_SOCKET_FILTER = 1, PROG_KPROBE = 2, PROG_SCHED_CLS = 3, PROG_TRACEPOINT = 5, PROG_XDP = 6,
            PROG_CGROUP_SKB = 8, PROG_RAW_TRACEPOINT = 17, PROG_TRACING = 26;

    private TestBpf() {
    }

    static Fd map(int type, int keySize, int valueSize, int maxEntries) {
        MemorySegment a = Bpf.attr();
        a.set(JAVA_INT, Bpf.Attr.MAP_TYPE, type);
        a.set(JAVA_INT, Bpf.Attr.KEY_SIZE, keySize);
        a.set(JAVA_INT, Bpf.Attr.VALUE_SIZE, valueSize);
        a.set(JAVA_INT, Bpf.Attr.MAX_ENTRIES, maxEntries);
        return Fd.own(Bpf.call("BPF_MAP_CREATE", Bpf.MAP_CREATE, a), "test map");
    }

    /** Loads a program; the raw errno on failure is in the SyscallException, with the verifier log as detail. */
    static Fd prog(int type, int expectedAttachType, int attachBtfId, List<Insn> insns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = Asm.encode(insns, arena);
            MemorySegment license = arena.allocateFrom("GPL");
            MemorySegment log = arena.allocate(1 << 16);
            MemorySegment a = Bpf.attr(arena);
            a.set(JAVA_INT, Bpf.Attr.PROG_TYPE, type);
            a.set(JAVA_INT, Bpf.Attr.INSN_CNT, insns.size());
            a.set(JAVA_LONG, Bpf.Attr.INSNS, code.address());
            a.set(JAVA_LONG, Bpf.Attr.LICENSE, license.address());
            a.set(JAVA_INT, Bpf.Attr.LOG_LEVEL, 1);
            a.set(JAVA_INT, Bpf.Attr.LOG_SIZE, (int) log.byteSize());
            a.set(JAVA_LONG, Bpf.Attr.LOG_BUF, log.address());
            a.set(JAVA_INT, Bpf.Attr.EXPECTED_ATTACH_TYPE, expectedAttachType);
            a.set(JAVA_INT, Bpf.Attr.ATTACH_BTF_ID, attachBtfId);
            long r = Bpf.raw(Bpf.PROG_LOAD, a);
            if (r < 0) {
                // retry without a log: a log that overflows hides the errno behind ENOSPC
                a.set(JAVA_INT, Bpf.Attr.LOG_LEVEL, 0);
                a.set(JAVA_INT, Bpf.Attr.LOG_SIZE, 0);
                a.set(JAVA_LONG, Bpf.Attr.LOG_BUF, 0);
                long r2 = Bpf.raw(Bpf.PROG_LOAD, a);
                if (r2 >= 0) {
                    return Fd.own((int) r2, "test prog");
                }
                throw SyscallException.of("BPF_PROG_LOAD", (int) -r2, log.getString(0).strip());
            }
            return Fd.own((int) r, "test prog");
        }
    }

    static Fd prog(int type, List<Insn> insns) {
        return prog(type, 0, 0, insns);
    }

    /** The kernel id of a loaded program. */
    static int progId(int progFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(256, 8);
            Bpf.objGetInfo(progFd, info);
            return info.get(JAVA_INT, 4);
        }
    }

    /** u64 value of a u32 key, or -1 when absent. */
    static long lookup(Fd map, int key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocate(JAVA_INT);
            k.set(JAVA_INT, 0, key);
            MemorySegment v = arena.allocate(JAVA_LONG);
            int r = Bpf.mapLookup(map.get(), k, v, 0);
            return r == 0 ? v.get(JAVA_LONG, 0) : -1;
        }
    }

    /** Sets the u64 value of a u32 key. */
    static void put(Fd map, int key, long value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocate(JAVA_INT);
            k.set(JAVA_INT, 0, key);
            MemorySegment v = arena.allocate(JAVA_LONG);
            v.set(JAVA_LONG, 0, value);
            int r = Bpf.mapUpdate(map.get(), k, v, 0);
            if (r < 0) {
                throw SyscallException.of("BPF_MAP_UPDATE_ELEM", -r);
            }
        }
    }

    /**
     * Waits until slot 0 of a u32 -> u64 map counts {@code atLeast} (up to 30 s, for packets the
     * kernel handles after the sender is done); returns the count.
     */
    static long awaitCount(Fd map, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long n;
        while ((n = lookup(map, 0)) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return n;
    }

    // ---- programs

    /** Counts calls per tgid in a hash map u32 -> u64. */
    static List<Insn> countByTgid(int mapFd, int ret) {
        return countTgids(mapFd, ret, true);
    }

    /**
     * Counts calls of the tgids that are keys of the hash map u32 -> u64 already: the test puts
     * its own processes there, so that the processes of a busy machine can neither fill the map
     * nor be counted.
     */
    static List<Insn> countKnownTgids(int mapFd, int ret) {
        return countTgids(mapFd, ret, false);
    }

    private static List<Insn> countTgids(int mapFd, int ret, boolean insert) {
        Asm a = new Asm()
                .call(Helper.GET_CURRENT_PID_TGID)
                .alu64(RSH, R0, 32)
                .stx(W, R10, -4, R0)
                .loadMapFd(R1, mapFd)
                .mov64Reg(R2, R10).add64(R2, -4)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeq(R0, 0, insert ? "insert" : "out")
                .mov64(R1, 1)
                .atomicAdd(DW, R0, 0, R1);
        if (insert) {
            a.ja("out")
                    .label("insert")
                    .mov64(R1, 1)
                    .stx(DW, R10, -16, R1)
                    .loadMapFd(R1, mapFd)
                    .mov64Reg(R2, R10).add64(R2, -4)
                    .mov64Reg(R3, R10).add64(R3, -16)
                    .mov64(R4, 0)
                    .call(Helper.MAP_UPDATE_ELEM);
        }
        return a.label("out")
                .mov64(R0, ret)
                .exit()
                .build();
    }

    /** Stores ctx->ax (pt_regs offset 80, the return value at a uretprobe) keyed by tgid. */
    static List<Insn> storeReturnByTgid(int mapFd) {
        return new Asm()
                .ldx(DW, R6, R1, 80)
                .call(Helper.GET_CURRENT_PID_TGID)
                .alu64(RSH, R0, 32)
                .stx(W, R10, -4, R0)
                .stx(DW, R10, -16, R6)
                .loadMapFd(R1, mapFd)
                .mov64Reg(R2, R10).add64(R2, -4)
                .mov64Reg(R3, R10).add64(R3, -16)
                .mov64(R4, 0)
                .call(Helper.MAP_UPDATE_ELEM)
                .mov64(R0, 0)
                .exit()
                .build();
    }

    /**
     * Counts IPv4 UDP packets to {@code port} (no IP options) in slot 0 of an array map. The
     * context's data/data_end are u32 at {@code dataOff}/{@code dataEndOff} (XDP 0/4, __sk_buff 76/80).
     */
    static List<Insn> countUdpToPort(int mapFd, int dataOff, int dataEndOff, int port, int ret) {
        int portLe = Short.toUnsignedInt(Short.reverseBytes((short) port));
        return new Asm()
                .ldx(W, R2, R1, dataOff)
                .ldx(W, R3, R1, dataEndOff)
                .mov64Reg(R4, R2).add64(R4, 38)
                .jmpReg(JGT, R4, R3, "out")
                .ldx(H, R4, R2, 12)
                .jne(R4, 0x0008, "out")
                .ldx(B, R4, R2, 23)
                .jne(R4, 17, "out")
                .ldx(H, R4, R2, 36)
                .jne(R4, portLe, "out")
                .st(W, R10, -4, 0)
                .loadMapFd(R1, mapFd)
                .mov64Reg(R2, R10).add64(R2, -4)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeq(R0, 0, "out")
                .mov64(R1, 1)
                .atomicAdd(DW, R0, 0, R1)
                .label("out")
                .mov64(R0, ret)
                .exit()
                .build();
    }

    /** Counts every packet in slot 0 of an array map and returns {@code skb->len} (keep it). */
    static List<Insn> countAllKeepSkb(int mapFd) {
        return new Asm()
                .ldx(W, R6, R1, 0)
                .st(W, R10, -4, 0)
                .loadMapFd(R1, mapFd)
                .mov64Reg(R2, R10).add64(R2, -4)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeq(R0, 0, "out")
                .mov64(R1, 1)
                .atomicAdd(DW, R0, 0, R1)
                .label("out")
                .mov64Reg(R0, R6)
                .exit()
                .build();
    }

    /** Counts packets to slot 0 and returns {@code ret}. */
    static List<Insn> countAll(int mapFd, int ret) {
        return new Asm()
                .st(W, R10, -4, 0)
                .loadMapFd(R1, mapFd)
                .mov64Reg(R2, R10).add64(R2, -4)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeq(R0, 0, "out")
                .mov64(R1, 1)
                .atomicAdd(DW, R0, 0, R1)
                .label("out")
                .mov64(R0, ret)
                .exit()
                .build();
    }

    static List<Insn> ret(int value) {
        return new Asm().mov64(R0, value).exit().build();
    }

    // ---- kernel BTF, minimal: the id of a named type of a kind

    static final int BTF_KIND_TYPEDEF = 8, BTF_KIND_FUNC = 12;

    /** The id of the first type named {@code name} of {@code kind} in /sys/kernel/btf/vmlinux, or -1. */
    static int kernelBtfId(String name, int kind) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"));
        } catch (IOException e) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int hdrLen = b.getInt(4);
        int typeOff = b.getInt(8), typeLen = b.getInt(12), strOff = b.getInt(16);
        int types = hdrLen + typeOff, end = types + typeLen, strs = hdrLen + strOff;
        byte[] want = name.getBytes(StandardCharsets.US_ASCII);
        int id = 1;
        for (int p = types; p < end; id++) {
            int nameOff = b.getInt(p), info = b.getInt(p + 4);
            int vlen = info & 0xffff, k = (info >>> 24) & 0x1f;
            if (k == kind && matches(raw, strs + nameOff, want)) {
                return id;
            }
            p += 12 + switch (k) {
                case 1, 14, 17 -> 4;           // INT, VAR, DECL_TAG
                case 3 -> 12;                  // ARRAY
                case 4, 5, 15 -> 12 * vlen;    // STRUCT, UNION, DATASEC
                case 6, 13 -> 8 * vlen;        // ENUM, FUNC_PROTO
                case 19 -> 12 * vlen;          // ENUM64
                default -> 0;
            };
        }
        return -1;
    }

    private static boolean matches(byte[] raw, int at, byte[] want) {
        if (at + want.length >= raw.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (raw[at + i] != want[i]) {
                return false;
            }
        }
        return raw[at + want.length] == 0;
    }

}
