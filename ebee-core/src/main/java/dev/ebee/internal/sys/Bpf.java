package dev.ebee.internal.sys;

import dev.ebee.Errno;
import dev.ebee.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code bpf(2)} commands, over {@code union bpf_attr}. Field offsets are those of the kernel's
 * UAPI {@code linux/bpf.h}; {@link #ATTR_SIZE} covers every field ebee sets, and the rest is zero,
 * which the kernel accepts whatever its own size of the union.
 */
public final class Bpf {
    public static final int MAP_CREATE = 0, MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3,
            MAP_GET_NEXT_KEY = 4, PROG_LOAD = 5, OBJ_PIN = 6, OBJ_GET = 7, PROG_ATTACH = 8, PROG_DETACH = 9,
            PROG_TEST_RUN = 10, PROG_GET_NEXT_ID = 11, MAP_GET_NEXT_ID = 12, PROG_GET_FD_BY_ID = 13,
            MAP_GET_FD_BY_ID = 14, OBJ_GET_INFO_BY_FD = 15, PROG_QUERY = 16, RAW_TRACEPOINT_OPEN = 17,
            BTF_LOAD = 18, BTF_GET_FD_BY_ID = 19, TASK_FD_QUERY = 20, MAP_LOOKUP_AND_DELETE_ELEM = 21,
            MAP_FREEZE = 22, BTF_GET_NEXT_ID = 23, MAP_LOOKUP_BATCH = 24, MAP_LOOKUP_AND_DELETE_BATCH = 25,
            MAP_UPDATE_BATCH = 26, MAP_DELETE_BATCH = 27, LINK_CREATE = 28, LINK_UPDATE = 29,
            LINK_GET_FD_BY_ID = 30, LINK_GET_NEXT_ID = 31, ENABLE_STATS = 32, ITER_CREATE = 33,
            LINK_DETACH = 34, PROG_BIND_MAP = 35, TOKEN_CREATE = 36;

    /** map_flags, prog_flags and btf_flags: the command's token_fd field holds a BPF token (Linux 6.9+). */
    public static final int F_TOKEN_FD = 1 << 16;

    /** Bytes of bpf_attr ebee passes: the UAPI union of 6.x kernels fits. */
    public static final long ATTR_SIZE = 160;

    // map element flags
    public static final long ANY = 0, NOEXIST = 1, EXIST = 2, F_LOCK = 4;

    // prog_flags
    public static final int F_STRICT_ALIGNMENT = 1, F_ANY_ALIGNMENT = 2, F_TEST_RND_HI32 = 4,
            F_SLEEPABLE = 1 << 4, F_XDP_HAS_FRAGS = 1 << 5;

    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(ATTR_SIZE, 8));

    private Bpf() {
    }

    /** The thread's scratch bpf_attr, zeroed. Valid until the thread's next call of this method. */
    public static MemorySegment attr() {
        MemorySegment a = SCRATCH.get();
        a.fill((byte) 0);
        return a;
    }

    /** A fresh zeroed bpf_attr in {@code arena}. */
    public static MemorySegment attr(Arena arena) {
        return arena.allocate(ATTR_SIZE, 8);
    }

    /** bpf(cmd, attr): result, or minus errno. */
    public static long raw(int cmd, MemorySegment attr) {
        return Native.bpfRaw(cmd, attr, ATTR_SIZE);
    }

    /** bpf(cmd, attr), throwing a typed exception naming {@code op} on failure. */
    public static int call(String op, int cmd, MemorySegment attr) {
        long r = raw(cmd, attr);
        if (r < 0) {
            throw SyscallException.of(op, (int) -r);
        }
        return (int) r;
    }

    /** The kernel's names of the commands, indexed by number (enum bpf_cmd is dense). */
    private static final String[] COMMAND_NAMES = {"MAP_CREATE", "MAP_LOOKUP_ELEM", "MAP_UPDATE_ELEM",
            "MAP_DELETE_ELEM", "MAP_GET_NEXT_KEY", "PROG_LOAD", "OBJ_PIN", "OBJ_GET", "PROG_ATTACH", "PROG_DETACH",
            "PROG_TEST_RUN", "PROG_GET_NEXT_ID", "MAP_GET_NEXT_ID", "PROG_GET_FD_BY_ID", "MAP_GET_FD_BY_ID",
            "OBJ_GET_INFO_BY_FD", "PROG_QUERY", "RAW_TRACEPOINT_OPEN", "BTF_LOAD", "BTF_GET_FD_BY_ID",
            "TASK_FD_QUERY", "MAP_LOOKUP_AND_DELETE_ELEM", "MAP_FREEZE", "BTF_GET_NEXT_ID", "MAP_LOOKUP_BATCH",
            "MAP_LOOKUP_AND_DELETE_BATCH", "MAP_UPDATE_BATCH", "MAP_DELETE_BATCH", "LINK_CREATE", "LINK_UPDATE",
            "LINK_GET_FD_BY_ID", "LINK_GET_NEXT_ID", "ENABLE_STATS", "ITER_CREATE", "LINK_DETACH", "PROG_BIND_MAP"};

    /** "BPF_PROG_LOAD" for 5, "bpf cmd N" for a number ebee does not know. */
    public static String commandName(int cmd) {
        return cmd >= 0 && cmd < COMMAND_NAMES.length ? "BPF_" + COMMAND_NAMES[cmd] : "bpf cmd " + cmd;
    }

    // ---- map element operations: 0 on success, minus errno otherwise (ENOENT is an answer, not an error)

    private static MemorySegment elemAttr(int mapFd, MemorySegment key, MemorySegment value, long flags) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, mapFd);
        a.set(JAVA_LONG, 8, key == null ? 0 : key.address());
        a.set(JAVA_LONG, 16, value == null ? 0 : value.address());
        a.set(JAVA_LONG, 24, flags);
        return a;
    }

    public static int mapLookup(int mapFd, MemorySegment key, MemorySegment value, long flags) {
        return (int) raw(MAP_LOOKUP_ELEM, elemAttr(mapFd, key, value, flags));
    }

    public static int mapUpdate(int mapFd, MemorySegment key, MemorySegment value, long flags) {
        return (int) raw(MAP_UPDATE_ELEM, elemAttr(mapFd, key, value, flags));
    }

    public static int mapDelete(int mapFd, MemorySegment key) {
        return (int) raw(MAP_DELETE_ELEM, elemAttr(mapFd, key, null, 0));
    }

    public static int mapLookupAndDelete(int mapFd, MemorySegment key, MemorySegment value, long flags) {
        return (int) raw(MAP_LOOKUP_AND_DELETE_ELEM, elemAttr(mapFd, key, value, flags));
    }

    /** next_key after {@code key} (null for the first); 0, or -ENOENT at the end. */
    public static int mapGetNextKey(int mapFd, MemorySegment key, MemorySegment nextKey) {
        return (int) raw(MAP_GET_NEXT_KEY, elemAttr(mapFd, key, nextKey, 0));
    }

    public static int mapFreeze(int mapFd) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, mapFd);
        return (int) raw(MAP_FREEZE, a);
    }

    /**
     * A batch command (lookup, lookup-and-delete, update, delete). Returns the kernel's result with
     * the count it processed written into {@code countOut[0]}.
     */
    public static int batch(int cmd, int mapFd, MemorySegment inBatch, MemorySegment outBatch, MemorySegment keys,
                            MemorySegment values, int count, long elemFlags, int[] countOut) {
        MemorySegment a = attr();
        a.set(JAVA_LONG, 0, inBatch == null ? 0 : inBatch.address());
        a.set(JAVA_LONG, 8, outBatch == null ? 0 : outBatch.address());
        a.set(JAVA_LONG, 16, keys == null ? 0 : keys.address());
        a.set(JAVA_LONG, 24, values == null ? 0 : values.address());
        a.set(JAVA_INT, 32, count);
        a.set(JAVA_INT, 36, mapFd);
        a.set(JAVA_LONG, 40, elemFlags);
        int r = (int) raw(cmd, a);
        countOut[0] = a.get(JAVA_INT, 32);
        return r;
    }

    // ---- objects

    /** BPF_OBJ_PIN of {@code fd} at {@code path} in a bpffs. */
    public static void objPin(int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_LONG, 0, arena.allocateFrom(path).address());
            a.set(JAVA_INT, 8, fd);
            call("BPF_OBJ_PIN " + path, OBJ_PIN, a);
        }
    }

    /** BPF_OBJ_GET: a new fd for the object pinned at {@code path}. */
    public static int objGet(String path, int fileFlags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_LONG, 0, arena.allocateFrom(path).address());
            a.set(JAVA_INT, 12, fileFlags);
            return call("BPF_OBJ_GET " + path, OBJ_GET, a);
        }
    }

    /** Fills {@code info} (bpf_prog_info, bpf_map_info, bpf_link_info or bpf_btf_info) for {@code fd}. */
    public static void objGetInfo(int fd, MemorySegment info) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, fd);
        a.set(JAVA_INT, 4, (int) info.byteSize());
        a.set(JAVA_LONG, 8, info.address());
        call("BPF_OBJ_GET_INFO_BY_FD", OBJ_GET_INFO_BY_FD, a);
    }

    /** The id after {@code startId} for a GET_NEXT_ID command, or 0 when there is none. */
    public static int nextId(int cmd, int startId) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, startId);
        long r = raw(cmd, a);
        if (r == -Errno.ENOENT) {
            return 0;
        }
        if (r < 0) {
            throw SyscallException.of(commandName(cmd), (int) -r);
        }
        return a.get(JAVA_INT, 4);
    }

    /** A new fd for an object by id, with a GET_FD_BY_ID command. */
    public static int fdById(int cmd, int id) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, id);
        return call("GET_FD_BY_ID " + id, cmd, a);
    }

    /** Loads raw BTF; returns the fd. The log goes into {@code log} when given. */
    public static long btfLoadRaw(MemorySegment btf, MemorySegment log, int logLevel) {
        return btfLoadRaw(btf, log, logLevel, 0);
    }

    /** {@link #btfLoadRaw(MemorySegment, MemorySegment, int)} with a BPF token ({@code tokenFd} 0: none). */
    public static long btfLoadRaw(MemorySegment btf, MemorySegment log, int logLevel, int tokenFd) {
        MemorySegment a = attr();
        if (tokenFd > 0) {
            a.set(JAVA_INT, Attr.BTF_FLAGS, F_TOKEN_FD);
            a.set(JAVA_INT, Attr.BTF_TOKEN_FD, tokenFd);
        }
        a.set(JAVA_LONG, 0, btf.address());
        a.set(JAVA_INT, 16, (int) btf.byteSize());
        if (log != null) {
            a.set(JAVA_LONG, 8, log.address());
            a.set(JAVA_INT, 20, (int) log.byteSize());
            a.set(JAVA_INT, 24, logLevel);
        }
        return raw(BTF_LOAD, a);
    }

    /** BPF_RAW_TRACEPOINT_OPEN: a link fd. {@code name} null for tp_btf/fentry-style programs. */
    public static int rawTracepointOpen(String name, int progFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            if (name != null) {
                a.set(JAVA_LONG, 0, arena.allocateFrom(name).address());
            }
            a.set(JAVA_INT, 8, progFd);
            return call("BPF_RAW_TRACEPOINT_OPEN" + (name == null ? "" : " " + name), RAW_TRACEPOINT_OPEN, a);
        }
    }

    /** BPF_LINK_DETACH. */
    public static void linkDetach(int linkFd) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, linkFd);
        call("BPF_LINK_DETACH", LINK_DETACH, a);
    }

    /** BPF_LINK_UPDATE: swaps the program of a link. */
    public static void linkUpdate(int linkFd, int newProgFd, int oldProgFd) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, linkFd);
        a.set(JAVA_INT, 4, newProgFd);
        if (oldProgFd > 0) {
            a.set(JAVA_INT, 8, 1 << 2 /* BPF_F_REPLACE */);
            a.set(JAVA_INT, 12, oldProgFd);
        }
        call("BPF_LINK_UPDATE", LINK_UPDATE, a);
    }

    /** BPF_PROG_ATTACH (legacy attachment for cgroups and sockmaps). */
    public static void progAttach(int targetFd, int progFd, int attachType, int flags) {
        MemorySegment a = attachAttr(targetFd, progFd, attachType);
        a.set(JAVA_INT, 12, flags);
        call("BPF_PROG_ATTACH", PROG_ATTACH, a);
    }

    public static void progDetach(int targetFd, int progFd, int attachType) {
        call("BPF_PROG_DETACH", PROG_DETACH, attachAttr(targetFd, progFd, attachType));
    }

    /** The attr of BPF_PROG_ATTACH and BPF_PROG_DETACH: target fd, program fd, attach type. */
    private static MemorySegment attachAttr(int targetFd, int progFd, int attachType) {
        MemorySegment a = attr();
        a.set(JAVA_INT, 0, targetFd);
        a.set(JAVA_INT, 4, progFd);
        a.set(JAVA_INT, 8, attachType);
        return a;
    }

    /** Offsets of union bpf_attr fields, by command. */
    public static final class Attr {
        private Attr() {
        }

        // BPF_MAP_CREATE
        public static final long MAP_TYPE = 0, KEY_SIZE = 4, VALUE_SIZE = 8, MAX_ENTRIES = 12, MAP_FLAGS = 16,
                INNER_MAP_FD = 20, NUMA_NODE = 24, MAP_NAME = 28, MAP_IFINDEX = 44, BTF_FD = 48,
                BTF_KEY_TYPE_ID = 52, BTF_VALUE_TYPE_ID = 56, BTF_VMLINUX_VALUE_TYPE_ID = 60, MAP_EXTRA = 64,
                MAP_TOKEN_FD = 76;
        // BPF_PROG_LOAD
        public static final long PROG_TYPE = 0, INSN_CNT = 4, INSNS = 8, LICENSE = 16, LOG_LEVEL = 24,
                LOG_SIZE = 28, LOG_BUF = 32, KERN_VERSION = 40, PROG_FLAGS = 44, PROG_NAME = 48,
                PROG_IFINDEX = 64, EXPECTED_ATTACH_TYPE = 68, PROG_BTF_FD = 72, FUNC_INFO_REC_SIZE = 76,
                FUNC_INFO = 80, FUNC_INFO_CNT = 88, LINE_INFO_REC_SIZE = 92, LINE_INFO = 96,
                LINE_INFO_CNT = 104, ATTACH_BTF_ID = 108, ATTACH_BTF_OBJ_FD = 112, CORE_RELO_CNT = 116,
                FD_ARRAY = 120, CORE_RELOS = 128, CORE_RELO_REC_SIZE = 136, LOG_TRUE_SIZE = 140,
                PROG_TOKEN_FD = 144;
        // BPF_BTF_LOAD
        public static final long BTF_FLAGS = 32, BTF_TOKEN_FD = 36;
        // BPF_TOKEN_CREATE
        public static final long TOKEN_FLAGS = 0, TOKEN_BPFFS_FD = 4;
        // BPF_PROG_TEST_RUN
        public static final long TEST_PROG_FD = 0, TEST_RETVAL = 4, TEST_DATA_SIZE_IN = 8, TEST_DATA_SIZE_OUT = 12,
                TEST_DATA_IN = 16, TEST_DATA_OUT = 24, TEST_REPEAT = 32, TEST_DURATION = 36,
                TEST_CTX_SIZE_IN = 40, TEST_CTX_SIZE_OUT = 44, TEST_CTX_IN = 48, TEST_CTX_OUT = 56,
                TEST_FLAGS = 64, TEST_CPU = 68, TEST_BATCH_SIZE = 72;
        // BPF_LINK_CREATE
        public static final long LINK_PROG_FD = 0, LINK_TARGET_FD = 4, LINK_ATTACH_TYPE = 8, LINK_FLAGS = 12,
                LINK_TARGET_BTF_ID = 16, LINK_PERF_COOKIE = 16, LINK_TCX_RELATIVE = 16,
                LINK_TCX_EXPECTED_REVISION = 24, LINK_TRACING_COOKIE = 24,
                LINK_UPROBE_MULTI_PATH = 16, LINK_UPROBE_MULTI_OFFSETS = 24, LINK_UPROBE_MULTI_REF_CTR = 32,
                LINK_UPROBE_MULTI_COOKIES = 40, LINK_UPROBE_MULTI_CNT = 48, LINK_UPROBE_MULTI_FLAGS = 52,
                LINK_UPROBE_MULTI_PID = 56;
    }
}
