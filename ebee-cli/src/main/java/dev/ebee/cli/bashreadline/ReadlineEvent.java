package dev.ebee.cli.bashreadline;

import dev.ebee.cli.common.CString;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/** One line read by readline(), decoded from {@code struct readline_event} (src/main/bpf/bashreadline.h). */
public record ReadlineEvent(int pid, int uid, String comm, String line) {
    static final long PID = 0, UID = 4, COMM = 8, LINE = 24;
    static final int COMM_LEN = 16;
    public static final int MAX_LINE = 256;
    public static final int SIZE = 24 + MAX_LINE;

    public static ReadlineEvent decode(MemorySegment rec) {
        if (rec.byteSize() < LINE) {
            return null;
        }
        return new ReadlineEvent(rec.get(JAVA_INT_UNALIGNED, PID), rec.get(JAVA_INT_UNALIGNED, UID),
                CString.read(rec, COMM, COMM_LEN), CString.read(rec, LINE, MAX_LINE));
    }

    public byte[] encode() {
        byte[] out = new byte[SIZE];
        MemorySegment seg = MemorySegment.ofArray(out);
        seg.set(JAVA_INT_UNALIGNED, PID, pid);
        seg.set(JAVA_INT_UNALIGNED, UID, uid);
        byte[] c = comm.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(c, 0, seg, JAVA_BYTE, COMM, Math.min(c.length, COMM_LEN - 1));
        byte[] l = line.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(l, 0, seg, JAVA_BYTE, LINE, Math.min(l.length, MAX_LINE - 1));
        return out;
    }
}
