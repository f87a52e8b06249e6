package dev.ebee.link;

import dev.ebee.Program;
import dev.ebee.internal.sys.Fd;

/**
 * Programs whose target was fixed at load time by a BTF id: {@code tp_btf/}, {@code fentry/},
 * {@code fexit/}, {@code fmod_ret/}, {@code lsm/} and freplace. The kernel links them with
 * {@code BPF_RAW_TRACEPOINT_OPEN} and no name (a tracing link, or a raw-tracepoint link for tp_btf).
 *
 * <p>On kernels that refuse fentry/fexit/lsm programs to everyone (lockdown, no BPF trampoline),
 * both the load and the attachment fail with a
 * {@link dev.ebee.KernelRefusedException} when the process is privileged.
 */
public final class Tracing extends BaseLink implements Link {
    private Tracing(Fd link, String description) {
        super(link, null, description);
    }

    /** Attaches a program loaded with an attach_btf_id; {@code what} names it in errors (e.g. "fentry/do_nanosleep"). */
    static Tracing attach(int progFd, String what) {
        String w = what == null ? "BTF-typed program" : what;
        return new Tracing(RawTracepoint.open(w, null, progFd), w);
    }

    /** Attaches a loaded BTF-typed program (tp_btf, fentry, fexit, fmod_ret, lsm, freplace). */
    public static Tracing attach(Program program) {
        return attach(program.fd(), what(program));
    }

    /**
     * Attaches a loaded fentry, fexit, fmod_ret or lsm program with a BPF cookie, which the
     * program reads with {@code bpf_get_attach_cookie()} (through {@code BPF_LINK_CREATE}, Linux 5.19+).
     */
    public static Tracing attach(Program program, long cookie) {
        dev.ebee.AttachType type = program.expectedAttachType();
        String what = what(program);
        if (type == null) {
            throw new IllegalArgumentException(what + " has no expected attach type: load it as fentry, fexit, fmod_ret or lsm");
        }
        // link_create.tracing: target_btf_id (0: the one given at load) at 16, cookie at 24
        return new Tracing(LinkCreate.create(what, program.fd(), 0, type.id(), 0, 0, cookie), what);
    }

    private static String what(Program program) {
        String s = program.section();
        return s == null || s.isEmpty() ? program.name() : s;
    }
}
