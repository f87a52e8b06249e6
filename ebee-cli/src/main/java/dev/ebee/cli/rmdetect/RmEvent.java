package dev.ebee.cli.rmdetect;

import dev.ebee.cli.common.CString;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * One deletion, decoded from {@code struct rm_event} (src/main/bpf/rmdetect.h).
 *
 * @param path     the path argument as passed
 * @param dirNames the directory a relative path is relative to, innermost name first (empty for
 *                 the root), as walked in the kernel at entry
 */
public record RmEvent(int pid, int ppid, int uid, int ret, int dfd, int flags, Syscall syscall,
                      boolean isDir, DirState dirState, String comm, String path, List<String> dirNames) {

    public enum Syscall {
        UNLINK, UNLINKAT, RMDIR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** enum rm_dir_state. */
    public enum DirState { NONE, OK, FAILED, TRUNCATED }

    static final long PID = 0, PPID = 4, UID = 8, RET = 12, DFD = 16, FLAGS = 20, SYSCALL = 24,
            IS_DIR = 25, DIR_STATE = 26, DIR_COUNT = 28, DIR_SIZE = 30, COMM = 32, PATH = 48, DIR = 560;
    static final int COMM_LEN = 16, PATH_LEN = 512, DIR_LEN = 2048;
    public static final int SIZE = 560 + 2048;
    public static final int AT_FDCWD = -100;

    public RmEvent {
        dirNames = List.copyOf(dirNames);
    }

    /** Decodes a record; null when it is shorter than the struct. */
    public static RmEvent decode(MemorySegment rec) {
        if (rec.byteSize() < SIZE) {
            return null;
        }
        int sc = rec.get(JAVA_BYTE, SYSCALL);
        int st = rec.get(JAVA_BYTE, DIR_STATE);
        int count = Short.toUnsignedInt(rec.get(JAVA_SHORT_UNALIGNED, DIR_COUNT));
        int size = Math.min(Short.toUnsignedInt(rec.get(JAVA_SHORT_UNALIGNED, DIR_SIZE)), DIR_LEN);
        List<String> names = new ArrayList<>();
        long off = DIR, end = DIR + size;
        for (int i = 0; i < count && off < end; i++) {
            long nul = CString.indexOfNul(rec, off, end);
            long stop = nul < 0 ? end : nul;
            names.add(CString.read(rec, off, (int) (stop - off)));
            off = stop + 1;
        }
        return new RmEvent(
                rec.get(JAVA_INT_UNALIGNED, PID),
                rec.get(JAVA_INT_UNALIGNED, PPID),
                rec.get(JAVA_INT_UNALIGNED, UID),
                rec.get(JAVA_INT_UNALIGNED, RET),
                rec.get(JAVA_INT_UNALIGNED, DFD),
                rec.get(JAVA_INT_UNALIGNED, FLAGS),
                sc >= 0 && sc < 3 ? Syscall.values()[sc] : Syscall.UNLINK,
                rec.get(JAVA_BYTE, IS_DIR) != 0,
                st >= 0 && st < 4 ? DirState.values()[st] : DirState.FAILED,
                CString.read(rec, COMM, COMM_LEN),
                CString.read(rec, PATH, PATH_LEN),
                names);
    }

    /** Encodes this event as the BPF program would (for tests and fakes). */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        MemorySegment seg = MemorySegment.ofArray(out);
        seg.set(JAVA_INT_UNALIGNED, PID, pid);
        seg.set(JAVA_INT_UNALIGNED, PPID, ppid);
        seg.set(JAVA_INT_UNALIGNED, UID, uid);
        seg.set(JAVA_INT_UNALIGNED, RET, ret);
        seg.set(JAVA_INT_UNALIGNED, DFD, dfd);
        seg.set(JAVA_INT_UNALIGNED, FLAGS, flags);
        seg.set(JAVA_BYTE, SYSCALL, (byte) syscall.ordinal());
        seg.set(JAVA_BYTE, IS_DIR, (byte) (isDir ? 1 : 0));
        seg.set(JAVA_BYTE, DIR_STATE, (byte) dirState.ordinal());
        put(seg, COMM, comm, COMM_LEN);
        put(seg, PATH, path, PATH_LEN);
        long off = DIR;
        for (String n : dirNames) {
            off += put(seg, off, n, (int) (DIR + DIR_LEN - off));
        }
        seg.set(JAVA_SHORT_UNALIGNED, DIR_COUNT, (short) dirNames.size());
        seg.set(JAVA_SHORT_UNALIGNED, DIR_SIZE, (short) (off - DIR));
        return out;
    }

    private static int put(MemorySegment seg, long off, String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, max - 1);
        MemorySegment.copy(b, 0, seg, JAVA_BYTE, off, n);
        return n + 1;
    }
}
