package dev.ebee.cli.execsnoop;

import dev.ebee.cli.common.CString;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * One exec, decoded from {@code struct exec_event} (src/main/bpf/execsnoop.h).
 *
 * @param args       the filename, then argv[1..]
 * @param truncated  more arguments than were copied
 */
public record ExecEvent(int pid, int ppid, int uid, int ret, String comm, List<String> args,
                        boolean truncated, boolean execveat) {

    // struct exec_event offsets
    static final long PID = 0, PPID = 4, UID = 8, RETVAL = 12, ARGS_COUNT = 16, ARGS_SIZE = 20,
            TRUNCATED = 24, EXECVEAT = 25, COMM = 32, ARGS = 48;
    static final int COMM_LEN = 16;
    public static final int ARG_SIZE = 256;
    public static final int MAX_ARGS = 60;
    static final int ARGS_BUF = MAX_ARGS * ARG_SIZE;
    /** The size of the header before the argument bytes. */
    public static final int HEADER_SIZE = 48;

    public ExecEvent {
        args = List.copyOf(args);
    }

    /**
     * Decodes a record. A record shorter than its header yields null; argument bytes are read
     * only within the record, so a malformed one decodes to fewer arguments, never an exception.
     */
    public static ExecEvent decode(MemorySegment rec) {
        if (rec.byteSize() < HEADER_SIZE) {
            return null;
        }
        int count = rec.get(JAVA_INT_UNALIGNED, ARGS_COUNT);
        long size = Integer.toUnsignedLong(rec.get(JAVA_INT_UNALIGNED, ARGS_SIZE));
        long end = ARGS + Math.min(Math.min(size, ARGS_BUF), rec.byteSize() - ARGS);
        List<String> args = new ArrayList<>(Math.max(0, Math.min(count, MAX_ARGS)));
        long off = ARGS;
        for (int i = 0; i < count && i <= MAX_ARGS && off < end; i++) {
            long nul = CString.indexOfNul(rec, off, end);
            long stop = nul < 0 ? end : nul;
            args.add(CString.read(rec, off, (int) (stop - off)));
            off = stop + 1;
        }
        return new ExecEvent(
                rec.get(JAVA_INT_UNALIGNED, PID),
                rec.get(JAVA_INT_UNALIGNED, PPID),
                rec.get(JAVA_INT_UNALIGNED, UID),
                rec.get(JAVA_INT_UNALIGNED, RETVAL),
                CString.read(rec, COMM, COMM_LEN),
                args,
                rec.get(JAVA_BYTE, TRUNCATED) != 0,
                rec.get(JAVA_BYTE, EXECVEAT) != 0);
    }

    /** Encodes this event as the BPF program would (for tests and fakes). */
    public byte[] encode() {
        byte[] argBytes;
        {
            var b = new java.io.ByteArrayOutputStream();
            for (String a : args) {
                byte[] s = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                b.write(s, 0, Math.min(s.length, ARG_SIZE - 1));
                b.write(0);
            }
            argBytes = b.toByteArray();
        }
        byte[] out = new byte[HEADER_SIZE + argBytes.length];
        MemorySegment seg = MemorySegment.ofArray(out);
        seg.set(JAVA_INT_UNALIGNED, PID, pid);
        seg.set(JAVA_INT_UNALIGNED, PPID, ppid);
        seg.set(JAVA_INT_UNALIGNED, UID, uid);
        seg.set(JAVA_INT_UNALIGNED, RETVAL, ret);
        seg.set(JAVA_INT_UNALIGNED, ARGS_COUNT, args.size());
        seg.set(JAVA_INT_UNALIGNED, ARGS_SIZE, argBytes.length);
        seg.set(JAVA_BYTE, TRUNCATED, (byte) (truncated ? 1 : 0));
        seg.set(JAVA_BYTE, EXECVEAT, (byte) (execveat ? 1 : 0));
        byte[] c = comm.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment.copy(c, 0, seg, JAVA_BYTE, COMM, Math.min(c.length, COMM_LEN - 1));
        MemorySegment.copy(argBytes, 0, seg, JAVA_BYTE, ARGS, argBytes.length);
        return out;
    }
}
