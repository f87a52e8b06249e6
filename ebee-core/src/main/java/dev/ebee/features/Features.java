package dev.ebee.features;

import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.ProgramType;
import dev.ebee.asm.Asm;
import dev.ebee.asm.Insn;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.Errno;
import dev.ebee.internal.sys.Native;
import dev.ebee.SyscallException;
import dev.ebee.UnsupportedFeatureException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static dev.ebee.asm.Op.R0;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * What the running kernel offers, found by trying it: create a tiny map, load a tiny program,
 * look for a PMU. Each answer is computed once per instance and cached; {@link #kernel()} is the
 * process-wide instance. Probes need the privileges of the features they probe (root here).
 *
 * <p>Every {@code hasX()} has a {@code requireX()} that throws an
 * {@link UnsupportedFeatureException} saying what is missing, for clear errors and test skips.
 */
public final class Features {
    static final Path PMUS = Path.of("/sys/bus/event_source/devices");
    static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");

    private static final class Holder {
        static final Features KERNEL = new Features();
    }

    private final Map<String, Probe> cache = new ConcurrentHashMap<>();

    /** A fresh instance with an empty cache (for tests, or after the kernel changed). */
    public Features() {
    }

    /** The process-wide instance, created on first use. */
    public static Features kernel() {
        return Holder.KERNEL;
    }

    /** A probe's answer: supported or not, and why not. */
    public record Probe(String feature, boolean supported, String detail) {
        /** Throws an {@link UnsupportedFeatureException} naming the feature when it is not supported. */
        public void require() {
            if (!supported) {
                throw new UnsupportedFeatureException(feature, Errno.ENOTSUPP,
                        "the running kernel lacks it: it may be too old or built without it", detail);
            }
        }
    }

    private Probe cached(String feature, Supplier<Probe> probe) {
        Probe p = cache.get(feature);
        if (p == null) {
            p = probe.get();
            Probe prev = cache.putIfAbsent(feature, p);
            if (prev != null) {
                p = prev;
            }
        }
        return p;
    }

    private static Probe yes(String feature) {
        return new Probe(feature, true, null);
    }

    private static Probe no(String feature, String detail) {
        return new Probe(feature, false, detail);
    }

    // ---------------------------------------------------------------- files

    /** Kernel BTF at /sys/kernel/btf/vmlinux (CO-RE, tp_btf, fentry need it). */
    public Probe btf() {
        return cached("kernel BTF", () -> Files.isRegularFile(VMLINUX_BTF) ? yes("kernel BTF")
                : no("kernel BTF", "no " + VMLINUX_BTF + ": the kernel is built without CONFIG_DEBUG_INFO_BTF"));
    }

    /** The kprobe PMU: absent on kernels built without CONFIG_KPROBES. */
    public Probe kprobes() {
        return cached("kprobes", () -> Files.isRegularFile(PMUS.resolve("kprobe").resolve("type")) ? yes("kprobes")
                : no("kprobes", "kprobes are not available: this kernel is built without CONFIG_KPROBES (no "
                        + PMUS.resolve("kprobe") + ")"));
    }

    /** The uprobe PMU. */
    public Probe uprobes() {
        return cached("uprobes", () -> Files.isRegularFile(PMUS.resolve("uprobe").resolve("type")) ? yes("uprobes")
                : no("uprobes", "uprobes are not available: no " + PMUS.resolve("uprobe")
                        + " (CONFIG_UPROBE_EVENTS is off)"));
    }

    // ---------------------------------------------------------------- maps

    /** Whether the kernel can create maps of {@code type}. */
    public Probe mapType(MapType type) {
        String f = "map type " + type.name().toLowerCase();
        return cached(f, () -> probeMap(f, type));
    }

    /** Ring buffer maps (Linux 5.8+). */
    public Probe ringbuf() {
        return mapType(MapType.RINGBUF);
    }

    private static Probe probeMap(String f, MapType type) {
        int key = 4, value = 4, max = 1, flags = 0;
        switch (type) {
            case RINGBUF, USER_RINGBUF -> {
                key = 0;
                value = 0;
                max = (int) Native.pageSize();
            }
            case QUEUE, STACK, BLOOM_FILTER -> key = 0;
            case LPM_TRIE -> {
                key = 8;
                flags = 1; // BPF_F_NO_PREALLOC
            }
            case CGROUP_STORAGE, PERCPU_CGROUP_STORAGE -> {
                key = 8;
                max = 0;
            }
            case SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE -> {
                flags = 1;
                max = 0;
            }
            case ARENA -> {
                key = 0;
                value = 0;
                flags = MapSpec.F_MMAPABLE;
            }
            case UNSPEC, STRUCT_OPS -> {
                return no(f, "cannot be probed without a struct_ops BTF value type");
            }
            default -> {
            }
        }
        int inner = -1;
        try {
            if (type == MapType.ARRAY_OF_MAPS || type == MapType.HASH_OF_MAPS) {
                long r = createMap(MapType.ARRAY.id(), 4, 4, 1, 0, -1);
                if (r < 0) {
                    return no(f, "cannot create the inner array: " + Errno.name((int) -r));
                }
                inner = (int) r;
            }
            long r = createMap(type.id(), key, value, max, flags, inner);
            if (r >= 0) {
                Native.close((int) r);
                return yes(f);
            }
            int errno = (int) -r;
            // storage maps need BTF for their value: EINVAL then still means the type exists only when
            // the kernel complains about BTF, which it reports as EINVAL too; answer by the type table
            if (errno == Errno.EINVAL && isStorage(type)) {
                return new Probe(f, true, "assumed from a kernel that knows the type (needs BTF to create)");
            }
            return no(f, "BPF_MAP_CREATE: " + Errno.name(errno));
        } finally {
            if (inner >= 0) {
                Native.close(inner);
            }
        }
    }

    /**
     * Array maps that user space can map into memory ({@code BPF_F_MMAPABLE}, Linux 5.5+), so that
     * global variables are read and written in place rather than copied through syscalls. Probed
     * by creating one and mapping it.
     */
    public Probe mmapableArrays() {
        return cached("mmapable array maps", () -> probeMmapable("mmapable array maps"));
    }

    private static Probe probeMmapable(String f) {
        long r = createMap(MapType.ARRAY.id(), 4, 8, 1, MapSpec.F_MMAPABLE, -1);
        if (r < 0) {
            return no(f, "BPF_MAP_CREATE with BPF_F_MMAPABLE: " + Errno.name((int) -r));
        }
        try {
            Native.munmap(Native.mmap("mmap of an mmapable array", Native.pageSize(),
                    Native.PROT_READ | Native.PROT_WRITE, (int) r, 0));
            return yes(f);
        } catch (SyscallException e) {
            return no(f, e.getMessage());
        } finally {
            Native.close((int) r);
        }
    }

    /**
     * {@code BPF_MAP_LOOKUP_BATCH} (Linux 5.6+): many entries per syscall, walked by bucket so that
     * a concurrent delete does not restart the walk. Probed on an empty hash map, which answers
     * ENOENT (nothing left) when the command exists and EINVAL when the kernel does not know it.
     */
    public Probe mapLookupBatch() {
        return cached("map lookup batch", () -> probeLookupBatch("map lookup batch"));
    }

    private static Probe probeLookupBatch(String f) {
        long fd = createMap(MapType.HASH.id(), 4, 4, 1, 0, -1);
        if (fd < 0) {
            return no(f, "BPF_MAP_CREATE of a hash map: " + Errno.name((int) -fd));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment token = arena.allocate(8, 8);
            MemorySegment keys = arena.allocate(4, 4);
            MemorySegment values = arena.allocate(4, 4);
            int r = Bpf.batch(Bpf.MAP_LOOKUP_BATCH, (int) fd, null, token, keys, values, 1, 0, new int[1]);
            return r == 0 || r == -Errno.ENOENT ? yes(f) : no(f, "BPF_MAP_LOOKUP_BATCH: " + Errno.name(-r));
        } finally {
            Native.close((int) fd);
        }
    }

    private static boolean isStorage(MapType t) {
        return t == MapType.SK_STORAGE || t == MapType.INODE_STORAGE || t == MapType.TASK_STORAGE
                || t == MapType.CGRP_STORAGE;
    }

    private static long createMap(int type, int key, int value, int max, int flags, int innerFd) {
        MemorySegment a = Bpf.attr();
        a.set(JAVA_INT, Bpf.Attr.MAP_TYPE, type);
        a.set(JAVA_INT, Bpf.Attr.KEY_SIZE, key);
        a.set(JAVA_INT, Bpf.Attr.VALUE_SIZE, value);
        a.set(JAVA_INT, Bpf.Attr.MAX_ENTRIES, max);
        a.set(JAVA_INT, Bpf.Attr.MAP_FLAGS, flags);
        if (innerFd >= 0) {
            a.set(JAVA_INT, Bpf.Attr.INNER_MAP_FD, innerFd);
        }
        return Bpf.raw(Bpf.MAP_CREATE, a);
    }

    // ---------------------------------------------------------------- programs

    /**
     * Whether programs of {@code type} load. Types whose every program needs a BTF target
     * (tracing, lsm, ext, struct_ops) are answered by {@link #btf()} plus a load that the kernel
     * rejects for the target rather than for the type.
     */
    public Probe programType(ProgramType type) {
        String f = "program type " + type.bpftoolName();
        return cached(f, () -> {
            if (type == ProgramType.UNSPEC) {
                return no(f, "not a program type");
            }
            long r = loadProgram(type.id(), expectedAttachType(type), type == ProgramType.SYSCALL ? Bpf.F_SLEEPABLE : 0,
                    new Asm().mov64(R0, 0).exit().build(), null);
            if (r >= 0) {
                Native.close((int) r);
                return yes(f);
            }
            int errno = (int) -r;
            if (needsBtfTarget(type)) {
                // without attach_btf_id the kernel answers EINVAL for a type it knows; E2BIG/ENOTSUPP if not
                return errno == Errno.EINVAL ? new Probe(f, true, "known type; loading needs a BTF target")
                        : no(f, "BPF_PROG_LOAD: " + Errno.name(errno));
            }
            return no(f, "BPF_PROG_LOAD: " + Errno.name(errno));
        });
    }

    private static boolean needsBtfTarget(ProgramType t) {
        return t == ProgramType.TRACING || t == ProgramType.LSM || t == ProgramType.EXT || t == ProgramType.STRUCT_OPS;
    }

    private static int expectedAttachType(ProgramType t) {
        return switch (t) {
            case CGROUP_SOCK_ADDR -> 10;   // BPF_CGROUP_INET4_CONNECT
            case CGROUP_SOCKOPT -> 21;     // BPF_CGROUP_GETSOCKOPT
            case SK_LOOKUP -> 36;          // BPF_SK_LOOKUP
            case NETFILTER -> 45;          // BPF_NETFILTER
            case LSM -> 27;                // BPF_LSM_MAC
            case TRACING -> 23;            // BPF_TRACE_RAW_TP (tp_btf): fentry may be refused on its own
            default -> 0;
        };
    }

    /**
     * Whether programs of {@code type} may call helper number {@code helperId} (see
     * {@link dev.ebee.asm.Helper}): a program calling it is loaded and the verifier's complaint,
     * if any, tells an unknown or forbidden helper from the probe's own bad arguments.
     */
    public Probe helper(ProgramType type, int helperId) {
        String f = "helper " + helperId + " in " + type.bpftoolName() + " programs";
        return cached(f, () -> {
            StringBuilder log = new StringBuilder();
            List<Insn> prog = new Asm().call(helperId).mov64(R0, 0).exit().build();
            long r = loadProgram(type.id(), expectedAttachType(type), type == ProgramType.SYSCALL ? Bpf.F_SLEEPABLE : 0,
                    prog, log);
            if (r >= 0) {
                Native.close((int) r);
                return yes(f);
            }
            String l = log.toString();
            if (l.contains("invalid func") || l.contains("unknown func")) {
                return no(f, "the kernel does not know helper " + helperId);
            }
            if (l.contains("cannot use helper") || l.contains("not allowed") || l.contains("not supported")) {
                return no(f, firstLine(l, "helper"));
            }
            if (l.isEmpty()) {
                return no(f, "the probe program did not load: " + Errno.name((int) -r));
            }
            return yes(f); // rejected for the probe's arguments, so the helper exists for this type
        });
    }

    private static String firstLine(String log, String containing) {
        for (String line : log.split("\n")) {
            if (line.contains(containing)) {
                return line.strip();
            }
        }
        return log.strip();
    }

    /** BPF_PROG_LOAD of a tiny GPL program; fd or minus errno. */
    static long loadProgram(int type, int expectedAttachType, int flags, List<Insn> insns, StringBuilder logOut) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = Asm.encode(insns, arena);
            MemorySegment license = arena.allocateFrom("GPL");
            MemorySegment a = Bpf.attr(arena);
            a.set(JAVA_INT, Bpf.Attr.PROG_TYPE, type);
            a.set(JAVA_INT, Bpf.Attr.INSN_CNT, insns.size());
            a.set(JAVA_LONG, Bpf.Attr.INSNS, code.address());
            a.set(JAVA_LONG, Bpf.Attr.LICENSE, license.address());
            a.set(JAVA_INT, Bpf.Attr.PROG_FLAGS, flags);
            a.set(JAVA_INT, Bpf.Attr.EXPECTED_ATTACH_TYPE, expectedAttachType);
            MemorySegment log = null;
            if (logOut != null) {
                log = arena.allocate(1 << 14);
                a.set(JAVA_INT, Bpf.Attr.LOG_LEVEL, 1);
                a.set(JAVA_INT, Bpf.Attr.LOG_SIZE, (int) log.byteSize());
                a.set(JAVA_LONG, Bpf.Attr.LOG_BUF, log.address());
            }
            long r = Bpf.raw(Bpf.PROG_LOAD, a);
            if (log != null) {
                logOut.append(log.getString(0));
            }
            return r;
        }
    }

    // ---------------------------------------------------------------- links

    /** Perf-event links, used for tracepoints, kprobes and uprobes (Linux 5.15+). */
    public Probe perfEventLink() {
        // a link to a bad fd: EBADF means the kernel knows BPF_PERF_EVENT links, EINVAL that it does not
        return cached("perf-event links", () -> probeLink("perf-event links", ProgramType.TRACEPOINT, 41, -1, Errno.EBADF));
    }

    /**
     * XDP links (Linux 5.9+). The kernel answers EINVAL both for an unknown interface and for a
     * missing XDP link, so this is deduced from the newer perf-event (5.15) or tcx (6.6) links
     * rather than by attaching to a real interface.
     */
    public Probe xdpLink() {
        return cached("XDP links", () -> perfEventLink().supported() || tcxLink().supported() ? yes("XDP links")
                : no("XDP links", "the kernel has neither perf-event nor tcx links, so it predates 5.15; XDP links need 5.9"));
    }

    /** tcx links (Linux 6.6+). */
    public Probe tcxLink() {
        return cached("tcx links", () -> {
            Probe p = probeLink("tcx links", ProgramType.SCHED_CLS, 46, Integer.MAX_VALUE, Errno.ENODEV);
            // a kernel without tcx does not know the attach type and answers EINVAL
            return p.supported() || !p.detail().endsWith("EINVAL") ? p
                    : no("tcx links", "this kernel has no tcx links, which came in Linux 6.6 (BPF_LINK_CREATE with BPF_TCX_INGRESS: EINVAL)");
        });
    }

    private static Probe probeLink(String f, ProgramType type, int attachType, int target, int supportedErrno) {
        long prog = loadProgram(type.id(), type == ProgramType.XDP ? attachType : 0, 0,
                new Asm().mov64(R0, type == ProgramType.XDP ? 2 : 0).exit().build(), null);
        if (prog < 0) {
            return no(f, "cannot load a " + type.bpftoolName() + " program to probe with: " + Errno.name((int) -prog));
        }
        try {
            MemorySegment a = Bpf.attr();
            a.set(JAVA_INT, Bpf.Attr.LINK_PROG_FD, (int) prog);
            a.set(JAVA_INT, Bpf.Attr.LINK_TARGET_FD, target);
            a.set(JAVA_INT, Bpf.Attr.LINK_ATTACH_TYPE, attachType);
            long r = Bpf.raw(Bpf.LINK_CREATE, a);
            if (r >= 0) {
                Native.close((int) r);
                return yes(f);
            }
            return r == -supportedErrno ? yes(f) : no(f, "BPF_LINK_CREATE: " + Errno.name((int) -r));
        } finally {
            Native.close((int) prog);
        }
    }

    /** bpf_get_attach_cookie, the helper that reads a BPF cookie (Linux 5.15+). */
    static final int HELPER_GET_ATTACH_COOKIE = 174;

    /**
     * BPF cookies on uprobes: a uprobe program may call bpf_get_attach_cookie, and a perf-event link
     * carries the cookie (both Linux 5.15). USDT attachment needs them: the cookie tells the
     * program which probe site's argument spec to read.
     */
    public Probe uprobeCookies() {
        String f = "uprobe BPF cookies";
        return cached(f, () -> {
            if (!uprobes().supported()) {
                return no(f, uprobes().detail());
            }
            if (!perfEventLink().supported()) {
                return no(f, "the kernel has no perf-event links, which carry a uprobe's cookie (Linux 5.15+)");
            }
            Probe helper = helper(ProgramType.KPROBE, HELPER_GET_ATTACH_COOKIE);
            return helper.supported() ? yes(f)
                    : no(f, "uprobe programs cannot call bpf_get_attach_cookie (Linux 5.15+): " + helper.detail());
        });
    }

    /**
     * fentry/fexit programs (BPF trampolines). Loaded without a target, a kernel that has them
     * answers EINVAL (no attach_btf_id); one that refuses them answers EPERM even to root.
     */
    public Probe fentry() {
        return cached("fentry/fexit programs", () -> probeTrampoline("fentry/fexit programs", 26, 24));
    }

    /** lsm programs (BPF LSM, with a trampoline). */
    public Probe lsm() {
        return cached("lsm programs", () -> probeTrampoline("lsm programs", 29, 27));
    }

    private static Probe probeTrampoline(String f, int progType, int attachType) {
        long r = loadProgram(progType, attachType, 0, new Asm().mov64(R0, 0).exit().build(), null);
        if (r >= 0) {
            Native.close((int) r);
            return yes(f);
        }
        int errno = (int) -r;
        if (errno == Errno.EINVAL) {
            return new Probe(f, true, "known; loading needs a BTF target");
        }
        if ((errno == Errno.EPERM || errno == Errno.EACCES) && Privileges.fullyPrivileged()) {
            // not lockdown's integrity mode: Debian's 6.1 booted with lockdown=integrity loads them
            return no(f, "the kernel refuses " + f + " even to root (a restriction of this kernel's build, or no BPF trampoline support)");
        }
        return no(f, "BPF_PROG_LOAD: " + Errno.name(errno));
    }

    /**
     * uprobe.multi links (BPF_TRACE_UPROBE_MULTI, Linux 6.6+): a program loaded for them, linked to a
     * file that does not exist, gets ENOENT from a kernel that has them; an older one refuses the
     * program's attach type or the link's.
     */
    public Probe uprobeMultiLinks() {
        String f = "uprobe.multi links";
        return cached(f, () -> {
            int attachType = dev.ebee.AttachType.TRACE_UPROBE_MULTI.id();
            long prog = loadProgram(ProgramType.KPROBE.id(), attachType, 0, new Asm().mov64(R0, 0).exit().build(), null);
            if (prog < 0) {
                return no(f, "a uprobe.multi program does not load: " + Errno.name((int) -prog) + " (uprobe.multi came in Linux 6.6)");
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment a = Bpf.attr(arena);
                a.set(JAVA_INT, Bpf.Attr.LINK_PROG_FD, (int) prog);
                a.set(JAVA_INT, Bpf.Attr.LINK_ATTACH_TYPE, attachType);
                a.set(JAVA_LONG, Bpf.Attr.LINK_UPROBE_MULTI_PATH, arena.allocateFrom("/nonexistent/ebee-probe").address());
                a.set(JAVA_LONG, Bpf.Attr.LINK_UPROBE_MULTI_OFFSETS, arena.allocate(JAVA_LONG).address());
                a.set(JAVA_INT, Bpf.Attr.LINK_UPROBE_MULTI_CNT, 1);
                long r = Bpf.raw(Bpf.LINK_CREATE, a);
                if (r >= 0) {
                    Native.close((int) r);
                }
                return r == -Errno.ENOENT || r >= 0 ? yes(f)
                        : no(f, "BPF_LINK_CREATE: " + Errno.name((int) -r) + " (uprobe.multi came in Linux 6.6)");
            } finally {
                Native.close((int) prog);
            }
        });
    }

    /**
     * BPF tokens (BPF_TOKEN_CREATE, Linux 6.9+): asked with a bad file descriptor, a kernel that
     * knows the command answers EBADF, one that does not EINVAL.
     */
    public Probe bpfTokens() {
        return cached("BPF tokens", () -> {
            MemorySegment a = Bpf.attr();
            a.set(JAVA_INT, Bpf.Attr.TOKEN_BPFFS_FD, -1);
            long r = Bpf.raw(Bpf.TOKEN_CREATE, a);
            return r == -Errno.EBADF ? yes("BPF tokens")
                    : no("BPF tokens", "BPF_TOKEN_CREATE: " + Errno.name((int) -r) + " (BPF tokens came in Linux 6.9)");
        });
    }

    /** The answers for the features ebee's tools care about, for a report such as {@code ebee features}. */
    public List<Probe> summary() {
        return List.of(btf(), kprobes(), uprobes(), ringbuf(), mapType(MapType.PERF_EVENT_ARRAY), mmapableArrays(),
                programType(ProgramType.TRACEPOINT), programType(ProgramType.RAW_TRACEPOINT),
                programType(ProgramType.TRACING), programType(ProgramType.XDP), programType(ProgramType.SCHED_CLS),
                fentry(), lsm(), perfEventLink(), xdpLink(), tcxLink(), uprobeCookies(), uprobeMultiLinks(), bpfTokens());
    }

    // ---------------------------------------------------------------- shorthands

    public boolean hasKprobes() {
        return kprobes().supported();
    }

    public boolean hasUprobes() {
        return uprobes().supported();
    }

    public boolean hasBtf() {
        return btf().supported();
    }

    public boolean hasRingbuf() {
        return ringbuf().supported();
    }

    public boolean hasMapType(MapType type) {
        return mapType(type).supported();
    }

    public boolean hasProgramType(ProgramType type) {
        return programType(type).supported();
    }

    public boolean hasHelper(ProgramType type, int helperId) {
        return helper(type, helperId).supported();
    }

    public void requireKprobes() {
        kprobes().require();
    }

    public void requireUprobes() {
        uprobes().require();
    }

    public void requireBtf() {
        btf().require();
    }
}
