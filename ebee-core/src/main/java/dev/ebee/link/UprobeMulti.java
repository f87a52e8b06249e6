package dev.ebee.link;

import dev.ebee.EbeeException;
import dev.ebee.Errno;
import dev.ebee.Program;
import dev.ebee.SyscallException;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.features.Features;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A {@code uprobe.multi}/{@code uretprobe.multi} program attached to several functions of one file
 * by one {@code bpf_link} (BPF_TRACE_UPROBE_MULTI, Linux 6.6+). Unlike a uprobe made through
 * {@code perf_event_open}, it needs no CAP_SYS_ADMIN: the kernel asks that only of the uprobe PMU.
 */
public final class UprobeMulti extends BaseLink implements Link {
    private UprobeMulti(Fd link, String description) {
        super(link, null, description);
    }

    /**
     * Attaches {@code program} (loaded from a {@code uprobe.multi} or {@code uretprobe.multi}
     * section) to each of {@code symbols} in {@code binary} (a path, or a name found as
     * {@link UprobeTarget#resolve} finds it). All the symbols must lie in one file.
     *
     * @throws UnsupportedFeatureException on a kernel without uprobe.multi links (before 6.6)
     */
    public static UprobeMulti attach(Program program, String binary, List<String> symbols, UprobeMultiOptions options) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("no symbol to attach " + program.name() + " to");
        }
        if (!options.cookies().isEmpty() && options.cookies().size() != symbols.size()) {
            throw new IllegalArgumentException(options.cookies().size() + " cookies for " + symbols.size() + " symbols");
        }
        String file = null;
        long[] offsets = new long[symbols.size()];
        for (int i = 0; i < offsets.length; i++) {
            UprobeTarget t = UprobeTarget.resolve(binary, symbols.get(i));
            if (file != null && !file.equals(t.binary())) {
                throw new EbeeException(symbols.get(i) + " is in " + t.binary() + ", not in " + file,
                        "attach the functions of each file with a UprobeMulti of its own");
            }
            file = t.binary();
            offsets[i] = t.offset();
        }
        String what = (options.retprobe() ? "uretprobe.multi " : "uprobe.multi ") + file + ":" + String.join(",", symbols)
                + (options.pid() > 0 ? " (pid " + options.pid() + ")" : "");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = Bpf.attr(arena);
            a.set(JAVA_INT, Bpf.Attr.LINK_PROG_FD, program.fd());
            a.set(JAVA_INT, Bpf.Attr.LINK_ATTACH_TYPE, dev.ebee.AttachType.TRACE_UPROBE_MULTI.id());
            a.set(JAVA_LONG, Bpf.Attr.LINK_UPROBE_MULTI_PATH, arena.allocateFrom(file).address());
            a.set(JAVA_LONG, Bpf.Attr.LINK_UPROBE_MULTI_OFFSETS, arena.allocateFrom(JAVA_LONG, offsets).address());
            if (!options.cookies().isEmpty()) {
                long[] cookies = options.cookies().stream().mapToLong(Long::longValue).toArray();
                a.set(JAVA_LONG, Bpf.Attr.LINK_UPROBE_MULTI_COOKIES, arena.allocateFrom(JAVA_LONG, cookies).address());
            }
            a.set(JAVA_INT, Bpf.Attr.LINK_UPROBE_MULTI_CNT, offsets.length);
            a.set(JAVA_INT, Bpf.Attr.LINK_UPROBE_MULTI_FLAGS, options.retprobe() ? 1 : 0); // BPF_F_UPROBE_MULTI_RETURN
            a.set(JAVA_INT, Bpf.Attr.LINK_UPROBE_MULTI_PID, options.pid());
            long r = Bpf.raw(Bpf.LINK_CREATE, a);
            if (r < 0) {
                int errno = (int) -r;
                Features.Probe multi = Features.kernel().uprobeMultiLinks();
                if (errno == Errno.EINVAL && !multi.supported()) {
                    throw new UnsupportedFeatureException(what, errno,
                            "uprobe.multi links need Linux 6.6 or later; attach each function with Uprobe instead",
                            multi.detail());
                }
                if (errno == Errno.ESRCH) {
                    throw new EbeeException("no process " + options.pid() + " to attach " + what,
                            "give the pid of a running process, or 0 for every process");
                }
                throw (SyscallException) LinkCreate.error("BPF_LINK_CREATE " + what, errno, what);
            }
            return new UprobeMulti(Fd.own((int) r, what), what);
        }
    }
}
