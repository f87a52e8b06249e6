package dev.ebee.cli.execsnoop;

import dev.ebee.cli.bpf.ExecsnoopBpf;
import dev.ebee.cli.common.CString;
import dev.ebee.cli.common.ProcessEvent;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * One exec as the formatter shows it: the header of {@code struct exec_event}
 * (src/main/bpf/execsnoop.h) read with the generated {@link ExecsnoopBpf.ExecEvent}'s readers, and
 * its variable-length tail of NUL-separated arguments split into a list (the generated record
 * would see only the first one: the ring buffer record holds just the bytes used).
 *
 * @param args       the filename, then argv[1..]
 * @param truncated  more arguments than were copied
 */
public record ExecEvent(int pid, int ppid, int uid, long cgroupId, int ret, String comm, List<String> args,
                        boolean truncated, boolean execveat) implements ProcessEvent {

    private static final long ARGS = ExecsnoopBpf.ExecEvent.ARGS_OFFSET;
    static final int ARGS_BUF = (int) (ExecsnoopBpf.ExecEvent.SIZE - ARGS);
    /** Bytes per argument, NUL included (EXECSNOOP_ARGSIZE). */
    public static final int ARG_SIZE = 256;
    /** The --max-args upper bound (EXECSNOOP_MAX_ARGS). */
    public static final int MAX_ARGS = ARGS_BUF / ARG_SIZE;
    /** The size of the header before the argument bytes. */
    public static final int HEADER_SIZE = (int) ARGS;

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
        long count = ExecsnoopBpf.ExecEvent.argsCountAt(rec, 0);
        long size = ExecsnoopBpf.ExecEvent.argsSizeAt(rec, 0);
        long end = ARGS + Math.min(Math.min(size, ARGS_BUF), rec.byteSize() - ARGS);
        List<String> args = CString.split(rec, ARGS, end, Math.min(count, MAX_ARGS + 1));
        return new ExecEvent(
                (int) ExecsnoopBpf.ExecEvent.pidAt(rec, 0),
                (int) ExecsnoopBpf.ExecEvent.ppidAt(rec, 0),
                (int) ExecsnoopBpf.ExecEvent.uidAt(rec, 0),
                ExecsnoopBpf.ExecEvent.cgroupIdAt(rec, 0),
                ExecsnoopBpf.ExecEvent.retvalAt(rec, 0),
                ExecsnoopBpf.ExecEvent.commAt(rec, 0),
                args,
                ExecsnoopBpf.ExecEvent.truncatedAt(rec, 0) != 0,
                ExecsnoopBpf.ExecEvent.execveatAt(rec, 0) != 0);
    }

    /** Encodes this event as the BPF program would (for tests and fakes): the header, then the bytes used. */
    public byte[] encode() {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (String a : args) {
            byte[] s = a.getBytes(StandardCharsets.UTF_8);
            packed.write(s, 0, Math.min(s.length, ARG_SIZE - 1));
            packed.write(0);
        }
        byte[] argBytes = packed.toByteArray();
        byte[] out = new byte[(int) ExecsnoopBpf.ExecEvent.SIZE];
        MemorySegment seg = MemorySegment.ofArray(out);
        new ExecsnoopBpf.ExecEvent(pid, ppid, uid, ret, args.size(), argBytes.length, truncated ? 1 : 0,
                execveat ? 1 : 0, new byte[6], cgroupId, 0L, comm, "").encode(seg);
        MemorySegment.copy(argBytes, 0, seg, JAVA_BYTE, ARGS, Math.min(argBytes.length, ARGS_BUF));
        return Arrays.copyOf(out, HEADER_SIZE + Math.min(argBytes.length, ARGS_BUF));
    }
}
