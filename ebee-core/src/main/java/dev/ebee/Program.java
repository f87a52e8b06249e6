package dev.ebee;

import dev.ebee.asm.Asm;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** A loaded, verified program: owns its file descriptor. */
public final class Program extends KernelObject {
    private static final int MIN_LOG = 1 << 16;
    private static final int MAX_LOG = 1 << 30;

    private final String name;
    private final ProgramType type;
    private final String section;
    private final String attachTo;
    private final AttachType expectedAttachType;

    private Program(Fd fd, String name, ProgramType type, String section, String attachTo, AttachType expected) {
        super(fd);
        this.name = name;
        this.type = type;
        this.section = section;
        this.attachTo = attachTo;
        this.expectedAttachType = expected;
    }

    /** Where a program's BTF and attach target come from at load time. */
    /**
     * Where a program's BTF and attach target come from at load time. {@code structOpsMember}: for
     * a struct_ops program, the index of the member of the kernel's struct ({@code attachBtfId})
     * it implements, which the kernel takes in place of an expected attach type.
     */
    public record LoadOptions(int btfFd, int attachBtfId, int attachBtfObjFd, int attachProgFd, int ifindex,
                              int logLevel, MemorySegment fdArray, int structOpsMember, int tokenFd) {
        public static final LoadOptions NONE = new LoadOptions(0, 0, 0, 0, 0, 0, null, 0, 0);

        public LoadOptions withBtfFd(int fd) {
            return new LoadOptions(fd, attachBtfId, attachBtfObjFd, attachProgFd, ifindex, logLevel, fdArray, structOpsMember, tokenFd);
        }

        public LoadOptions withAttachBtfId(int id, int objFd) {
            return new LoadOptions(btfFd, id, objFd, attachProgFd, ifindex, logLevel, fdArray, structOpsMember, tokenFd);
        }

        /** Verifier log level for a successful load too (1 = basic, 2 = verbose). */
        public LoadOptions withLogLevel(int level) {
            return new LoadOptions(btfFd, attachBtfId, attachBtfObjFd, attachProgFd, ifindex, level, fdArray, structOpsMember, tokenFd);
        }

        /** A struct_ops program: member {@code member} of kernel struct {@code structTypeId} (vmlinux BTF). */
        public LoadOptions withStructOpsMember(int structTypeId, int member) {
            return new LoadOptions(btfFd, structTypeId, 0, attachProgFd, ifindex, logLevel, fdArray, member, tokenFd);
        }

        /** Loads with a {@link BpfToken} (null: none), for a process that has one instead of CAP_BPF. */
        public LoadOptions withToken(BpfToken token) {
            return new LoadOptions(btfFd, attachBtfId, attachBtfObjFd, attachProgFd, ifindex, logLevel, fdArray,
                    structOpsMember, token == null ? 0 : token.fd());
        }
    }

    /** Loads a program without BTF. */
    public static Program load(ProgramSpec spec) {
        return load(spec, LoadOptions.NONE);
    }

    /**
     * Loads and verifies a program. On rejection throws {@link VerifierException} carrying the whole
     * verifier log (the buffer grows until the log fits; nothing is truncated).
     */
    public static Program load(ProgramSpec spec, LoadOptions opts) {
        if (spec.instructions().isEmpty()) {
            throw new EbeeException("program " + spec.name() + " has no instructions");
        }
        dev.ebee.internal.sys.Memlock.ensure();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = Bpf.attr(arena);
            MemorySegment insns = Asm.encode(spec.instructions(), arena);
            MemorySegment license = arena.allocateFrom(spec.license());
            a.set(JAVA_INT, Bpf.Attr.PROG_TYPE, spec.type().id());
            a.set(JAVA_INT, Bpf.Attr.INSN_CNT, spec.instructions().size());
            a.set(JAVA_LONG, Bpf.Attr.INSNS, insns.address());
            a.set(JAVA_LONG, Bpf.Attr.LICENSE, license.address());
            a.set(JAVA_INT, Bpf.Attr.KERN_VERSION, spec.kernelVersion());
            a.set(JAVA_INT, Bpf.Attr.PROG_FLAGS, spec.flags() | (opts.tokenFd() > 0 ? Bpf.F_TOKEN_FD : 0));
            a.set(JAVA_INT, Bpf.Attr.PROG_TOKEN_FD, opts.tokenFd());
            byte[] n = BpfMap.kernelName(spec.name());
            MemorySegment.copy(n, 0, a, ValueLayout.JAVA_BYTE, Bpf.Attr.PROG_NAME, n.length);
            a.set(JAVA_INT, Bpf.Attr.PROG_IFINDEX, opts.ifindex());
            a.set(JAVA_INT, Bpf.Attr.EXPECTED_ATTACH_TYPE, spec.type() == ProgramType.STRUCT_OPS ? opts.structOpsMember()
                    : spec.expectedAttachType() == null ? 0 : spec.expectedAttachType().id());
            if (opts.btfFd() > 0 && spec.btfInfo() != null) {
                ProgramSpec.BtfInfo bi = spec.btfInfo();
                a.set(JAVA_INT, Bpf.Attr.PROG_BTF_FD, opts.btfFd());
                if (bi.funcInfoCount() > 0) {
                    a.set(JAVA_INT, Bpf.Attr.FUNC_INFO_REC_SIZE, bi.funcInfoRecSize());
                    a.set(JAVA_LONG, Bpf.Attr.FUNC_INFO, arena.allocateFrom(ValueLayout.JAVA_BYTE, bi.funcInfo()).address());
                    a.set(JAVA_INT, Bpf.Attr.FUNC_INFO_CNT, bi.funcInfoCount());
                }
                if (bi.lineInfoCount() > 0) {
                    a.set(JAVA_INT, Bpf.Attr.LINE_INFO_REC_SIZE, bi.lineInfoRecSize());
                    a.set(JAVA_LONG, Bpf.Attr.LINE_INFO, arena.allocateFrom(ValueLayout.JAVA_BYTE, bi.lineInfo()).address());
                    a.set(JAVA_INT, Bpf.Attr.LINE_INFO_CNT, bi.lineInfoCount());
                }
            } else if (opts.btfFd() > 0) {
                a.set(JAVA_INT, Bpf.Attr.PROG_BTF_FD, opts.btfFd());
            }
            a.set(JAVA_INT, Bpf.Attr.ATTACH_BTF_ID, opts.attachBtfId());
            a.set(JAVA_INT, Bpf.Attr.ATTACH_BTF_OBJ_FD, opts.attachProgFd() > 0 ? opts.attachProgFd() : opts.attachBtfObjFd());
            if (opts.fdArray() != null) {
                a.set(JAVA_LONG, Bpf.Attr.FD_ARRAY, opts.fdArray().address());
            }

            MemorySegment log = null;
            int logSize = 0;
            if (opts.logLevel() > 0) {
                logSize = 1 << 20;
                log = arena.allocate(logSize);
                setLog(a, log, opts.logLevel());
            }
            long r = progLoad(a);
            if (r < 0 && log == null) {
                // rejected: load again with a log to say why
                logSize = MIN_LOG;
                log = arena.allocate(logSize);
                setLog(a, log, 1);
                r = progLoad(a);
            }
            while (r == -Errno.ENOSPC && logSize < MAX_LOG) {
                // the log did not fit: grow it to the size the kernel reports (5.x kernels report none: quadruple)
                int trueSize = a.get(JAVA_INT, Bpf.Attr.LOG_TRUE_SIZE);
                logSize = (int) Math.min(MAX_LOG, Math.max((long) logSize * 4, trueSize + 1L));
                log = arena.allocate(logSize);
                setLog(a, log, Math.max(1, opts.logLevel()));
                r = progLoad(a);
            }
            if (r < 0) {
                int errno = (int) -r;
                String text = log == null ? "" : log.getString(0);
                throw loadError(spec, errno, text);
            }
            return new Program(Fd.own((int) r, "program " + spec.name()), spec.name(), spec.type(), spec.section(),
                    spec.attachTo(), spec.expectedAttachType());
        }
    }

    private static void setLog(MemorySegment a, MemorySegment log, int level) {
        log.set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
        a.set(JAVA_INT, Bpf.Attr.LOG_LEVEL, level);
        a.set(JAVA_INT, Bpf.Attr.LOG_SIZE, (int) log.byteSize());
        a.set(JAVA_LONG, Bpf.Attr.LOG_BUF, log.address());
        a.set(JAVA_INT, Bpf.Attr.LOG_TRUE_SIZE, 0);
    }

    private static SyscallException loadError(ProgramSpec spec, int errno, String log) {
        String what = spec.name() + (spec.section().isEmpty() ? "" : " (SEC " + spec.section() + ")");
        if (!log.isBlank() && (errno == Errno.EACCES || errno == Errno.EINVAL || errno == Errno.ENOSPC
                || errno == Errno.E2BIG)) {
            return new VerifierException(what, errno, log);
        }
        if (errno == Errno.EPERM) {
            // with every capability, EPERM means the kernel refuses the program kind to everyone
            String kind = spec.expectedAttachType() == null ? spec.type().bpftoolName()
                    : spec.expectedAttachType().name().toLowerCase(java.util.Locale.ROOT).replace("trace_", "");
            return dev.ebee.features.Privileges.explain("BPF_PROG_LOAD " + what, errno, kind + " programs");
        }
        return SyscallException.of("BPF_PROG_LOAD " + what + " (" + spec.type().bpftoolName() + ")", errno,
                log.isBlank() ? null : VerifierException.tail(log, 5));
    }

    /** Opens the program pinned at {@code path}. */
    public static Program openPinned(String path) {
        return fromFd(Fd.own(Bpf.objGet(path, 0), "pinned program " + path));
    }

    /** Opens a program by kernel id. */
    public static Program fromId(int id) {
        return fromFd(Fd.own(Bpf.fdById(Bpf.PROG_GET_FD_BY_ID, id), "program id " + id));
    }

    /** Takes ownership of a program fd, reading what it is from the kernel. */
    private static Program fromFd(Fd fd) {
        try {
            Info i = info(fd.get());
            return new Program(fd, i.name(), i.type(), "", null, null);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ test run

    /** The outcome of BPF_PROG_TEST_RUN. */
    public record TestRunResult(int retval, long durationNs, byte[] dataOut, byte[] ctxOut) {
    }

    /**
     * Runs the program in the kernel with BPF_PROG_TEST_RUN: {@code data} is the packet (for
     * networking programs), {@code ctx} the context (a syscall program's argument), {@code repeat}
     * runs (the duration is the mean per run; syscall programs run once, and their context is
     * copied back into {@code ctxOut}).
     */
    public TestRunResult testRun(byte[] data, byte[] ctx, int repeat) {
        return testRun(data, ctx, repeat, -1);
    }

    /**
     * As {@link #testRun(byte[], byte[], int)}, on CPU {@code cpu} (BPF_F_TEST_RUN_ON_CPU; raw
     * tracepoint programs), or on the calling CPU when {@code cpu} is negative.
     */
    public TestRunResult testRun(byte[] data, byte[] ctx, int repeat, int cpu) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = Bpf.attr(arena);
            a.set(JAVA_INT, Bpf.Attr.TEST_PROG_FD, fd());
            if (cpu >= 0) {
                a.set(JAVA_INT, Bpf.Attr.TEST_FLAGS, 1 /* BPF_F_TEST_RUN_ON_CPU */);
                a.set(JAVA_INT, Bpf.Attr.TEST_CPU, cpu);
            }
            if (repeat > 1) {
                a.set(JAVA_INT, Bpf.Attr.TEST_REPEAT, repeat); // syscall and raw_tp programs run once and refuse a repeat
            }
            MemorySegment dataOut = null;
            if (data != null) {
                MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
                dataOut = arena.allocate(data.length + 4096L);
                a.set(JAVA_INT, Bpf.Attr.TEST_DATA_SIZE_IN, data.length);
                a.set(JAVA_LONG, Bpf.Attr.TEST_DATA_IN, in.address());
                a.set(JAVA_INT, Bpf.Attr.TEST_DATA_SIZE_OUT, (int) dataOut.byteSize());
                a.set(JAVA_LONG, Bpf.Attr.TEST_DATA_OUT, dataOut.address());
            }
            MemorySegment ctxSeg = null;
            if (ctx != null) {
                ctxSeg = arena.allocateFrom(ValueLayout.JAVA_BYTE, ctx);
                a.set(JAVA_INT, Bpf.Attr.TEST_CTX_SIZE_IN, ctx.length);
                a.set(JAVA_LONG, Bpf.Attr.TEST_CTX_IN, ctxSeg.address());
                if (contextComesBack(type)) {
                    a.set(JAVA_INT, Bpf.Attr.TEST_CTX_SIZE_OUT, ctx.length);
                    a.set(JAVA_LONG, Bpf.Attr.TEST_CTX_OUT, ctxSeg.address());
                }
            }
            long r = Bpf.raw(Bpf.PROG_TEST_RUN, a);
            if (r < 0) {
                throw testRunError((int) -r);
            }
            byte[] out = dataOut == null ? new byte[0]
                    : dataOut.asSlice(0, a.get(JAVA_INT, Bpf.Attr.TEST_DATA_SIZE_OUT)).toArray(ValueLayout.JAVA_BYTE);
            byte[] ctxOut = ctxSeg == null ? new byte[0] : ctxSeg.toArray(ValueLayout.JAVA_BYTE);
            return new TestRunResult(a.get(JAVA_INT, Bpf.Attr.TEST_RETVAL),
                    Integer.toUnsignedLong(a.get(JAVA_INT, Bpf.Attr.TEST_DURATION)), out, ctxOut);
        }
    }

    /**
     * Runs a program whose context lives in caller-owned native memory (a syscall program's
     * argument): no allocation. Returns the program's return value.
     */
    public int testRun(MemorySegment ctx, MemorySegment scratchAttr) {
        MemorySegment a = scratchAttr;
        a.fill((byte) 0);
        a.set(JAVA_INT, Bpf.Attr.TEST_PROG_FD, fd());
        if (ctx != null) {
            a.set(JAVA_INT, Bpf.Attr.TEST_CTX_SIZE_IN, (int) ctx.byteSize());
            a.set(JAVA_LONG, Bpf.Attr.TEST_CTX_IN, ctx.address());
        }
        long r = Bpf.raw(Bpf.PROG_TEST_RUN, a);
        if (r < 0) {
            throw testRunError((int) -r);
        }
        return a.get(JAVA_INT, Bpf.Attr.TEST_RETVAL);
    }

    /** Program types whose test run writes the context back (packet programs); others refuse ctx_out. */
    private static boolean contextComesBack(ProgramType t) {
        return switch (t) {
            case SOCKET_FILTER, SCHED_CLS, SCHED_ACT, XDP, CGROUP_SKB, LWT_IN, LWT_OUT, LWT_XMIT, LWT_SEG6LOCAL,
                 FLOW_DISSECTOR, SK_LOOKUP -> true;
            default -> false;
        };
    }

    private SyscallException testRunError(int errno) {
        String op = "BPF_PROG_TEST_RUN " + name + " (" + type.bpftoolName() + ")";
        if (errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP) {
            return new dev.ebee.UnsupportedFeatureException(op, errno,
                    "the kernel cannot test-run " + type.bpftoolName() + " programs", null);
        }
        return SyscallException.of(op, errno);
    }

    // ------------------------------------------------------------------ info

    /**
     * What the kernel says about a program.
     *
     * @param runTimeNs            the time it ran, counted while run statistics are on ({@link BpfStats})
     * @param runCount             the times it ran, likewise
     * @param verifiedInstructions the instructions the verifier processed to accept it (Linux 5.16+; 0 before)
     */
    public record Info(ProgramType type, int id, String tag, String name, long runTimeNs, long runCount,
                       int xlatedLength, int jitedLength, int btfId, int verifiedInstructions) {
    }

    private static Info info(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(232, 8);
            Bpf.objGetInfo(fd, info);
            return new Info(ProgramType.of(info.get(JAVA_INT, 0)), info.get(JAVA_INT, 4),
                    HexFormat.of().formatHex(info.asSlice(8, 8).toArray(ValueLayout.JAVA_BYTE)),
                    info.getString(64) /* the kernel NUL-terminates names within 16 bytes */, info.get(JAVA_LONG, 192),
                    info.get(JAVA_LONG, 200), info.get(JAVA_INT, 20), info.get(JAVA_INT, 16), info.get(JAVA_INT, 128),
                    info.get(JAVA_INT, 216));
        }
    }

    public Info info() {
        return info(fd());
    }

    // ------------------------------------------------------------------ properties

    public String name() {
        return name;
    }

    public ProgramType type() {
        return type;
    }

    /** The ELF section it came from, or empty. */
    public String section() {
        return section;
    }

    /** The attach target named by the section, or null. */
    public String attachTo() {
        return attachTo;
    }

    public AttachType expectedAttachType() {
        return expectedAttachType;
    }

    @Override
    public String toString() {
        return "Program[" + name + " " + type.bpftoolName() +  " " + fdState() + "]";
    }

    /** How often BPF_PROG_LOAD is retried when the verifier gave up because a signal arrived. */
    private static final int EAGAIN_ATTEMPTS = 25;

    /**
     * BPF_PROG_LOAD, again while it fails with EAGAIN: the verifier stops when a signal is pending
     * for the thread (a sampling profiler sends one every few milliseconds) and asks to be called
     * again, as libbpf does.
     */
    private static long progLoad(MemorySegment a) {
        long r = Bpf.raw(Bpf.PROG_LOAD, a);
        for (int i = 1; r == -Errno.EAGAIN && i < EAGAIN_ATTEMPTS; i++) {
            r = Bpf.raw(Bpf.PROG_LOAD, a);
        }
        return r;
    }
}
