package dev.ebee.cli.rmdetect;

import dev.ebee.cli.bpf.RmdetectBpf;
import dev.ebee.cli.common.CString;
import dev.ebee.cli.common.ProcessEvent;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * One deletion as the formatter shows it, read from {@code struct rm_event} (src/main/bpf/rmdetect.h)
 * with the generated {@link RmdetectBpf.RmEvent}'s readers; the packed directory names (which the
 * generated record reads as one string) split into a list, the syscall and state as enums.
 *
 * @param path     the path argument as passed
 * @param dirNames the directory a relative path is relative to, innermost name first (empty for
 *                 the root), as walked in the kernel at entry
 */
public record RmEvent(int pid, int ppid, int uid, long cgroupId, int ret, int dfd, int flags, Syscall syscall,
                      boolean isDir, DirState dirState, String comm, String path, List<String> dirNames)
        implements ProcessEvent {

    public enum Syscall {
        UNLINK, UNLINKAT, RMDIR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** enum rm_dir_state. */
    public enum DirState { NONE, OK, FAILED, TRUNCATED }

    private static final long DIR = RmdetectBpf.RmEvent.DIR_OFFSET;
    private static final int DIR_LEN = (int) (RmdetectBpf.RmEvent.SIZE - DIR);
    public static final int SIZE = (int) RmdetectBpf.RmEvent.SIZE;
    public static final int AT_FDCWD = -100;

    public RmEvent {
        dirNames = List.copyOf(dirNames);
    }

    /** Decodes a record with the generated {@link RmdetectBpf.RmEvent}'s readers; null when it is shorter than the struct. */
    public static RmEvent decode(MemorySegment rec) {
        if (rec.byteSize() < SIZE) {
            return null;
        }
        int sc = RmdetectBpf.RmEvent.syscallAt(rec, 0);
        int st = RmdetectBpf.RmEvent.dirStateAt(rec, 0);
        int count = RmdetectBpf.RmEvent.dirCountAt(rec, 0);
        int size = Math.min(RmdetectBpf.RmEvent.dirSizeAt(rec, 0), DIR_LEN);
        List<String> names = CString.split(rec, DIR, DIR + size, count);
        return new RmEvent(
                (int) RmdetectBpf.RmEvent.pidAt(rec, 0),
                (int) RmdetectBpf.RmEvent.ppidAt(rec, 0),
                (int) RmdetectBpf.RmEvent.uidAt(rec, 0),
                RmdetectBpf.RmEvent.cgroupIdAt(rec, 0),
                RmdetectBpf.RmEvent.retAt(rec, 0),
                RmdetectBpf.RmEvent.dfdAt(rec, 0),
                (int) RmdetectBpf.RmEvent.flagsAt(rec, 0),
                sc < 3 ? Syscall.values()[sc] : Syscall.UNLINK,
                RmdetectBpf.RmEvent.isDirAt(rec, 0) != 0,
                st < 4 ? DirState.values()[st] : DirState.FAILED,
                RmdetectBpf.RmEvent.commAt(rec, 0),
                RmdetectBpf.RmEvent.pathAt(rec, 0),
                names);
    }

    /** Encodes this event as the BPF program would (for tests and fakes). */
    public byte[] encode() {
        ByteArrayOutputStream dir = new ByteArrayOutputStream();
        for (String n : dirNames) {
            byte[] b = n.getBytes(StandardCharsets.UTF_8);
            int room = DIR_LEN - dir.size();
            if (room <= 0) {
                break;
            }
            dir.write(b, 0, Math.min(b.length, room - 1));
            dir.write(0);
        }
        byte[] out = new byte[SIZE];
        MemorySegment seg = MemorySegment.ofArray(out);
        new RmdetectBpf.RmEvent(pid, ppid, uid, ret, dfd, flags, syscall.ordinal(), isDir ? 1 : 0, dirState.ordinal(),
                0, dirNames.size(), dir.size(), cgroupId, 0L, comm, path, "").encode(seg);
        MemorySegment.copy(dir.toByteArray(), 0, seg, JAVA_BYTE, DIR, dir.size());
        return out;
    }
}
