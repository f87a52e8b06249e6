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
        String s = program.section();
        return attach(program.fd(), s == null || s.isEmpty() ? program.name() : s);
    }
}
