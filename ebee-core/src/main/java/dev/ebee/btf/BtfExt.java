package dev.ebee.btf;

import dev.ebee.BtfException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code .BTF.ext} section: function info, line info and CO-RE relocation records,
 * grouped by the ELF section (program) they describe. Instruction offsets are in bytes from the
 * start of that section, as the compiler writes them. Strings are resolved against the object's
 * {@code .BTF}; the raw string offsets are kept for passing line info to the kernel.
 */
public record BtfExt(Map<String, List<FuncInfo>> funcInfos, Map<String, List<LineInfo>> lineInfos,
                     Map<String, List<CoreRelo>> coreRelos, int funcInfoRecordSize, int lineInfoRecordSize,
                     int coreReloRecordSize) {
    public static final int MAGIC = 0xeB9F;
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /** bpf_func_info: the function at byte offset {@code insnOff} has FUNC type {@code typeId}. */
    public record FuncInfo(int insnOff, int typeId) {
    }

    /** bpf_line_info: source position of the instruction at byte offset {@code insnOff}. */
    public record LineInfo(int insnOff, int fileNameOff, int lineOff, int lineCol, String fileName, String line) {
        public int lineNumber() {
            return lineCol >>> 10;
        }

        public int column() {
            return lineCol & 0x3ff;
        }
    }

    /** bpf_core_relo: the instruction at byte offset {@code insnOff} needs CO-RE relocation. */
    public record CoreRelo(int insnOff, int typeId, int accessStrOff, String accessString, CoreKind kind) {
    }

    public BtfExt {
        funcInfos = Collections.unmodifiableMap(funcInfos);
        lineInfos = Collections.unmodifiableMap(lineInfos);
        coreRelos = Collections.unmodifiableMap(coreRelos);
    }

    /** Parses {@code raw}; {@code btf} is the object's .BTF, whose strings the records refer to. */
    public static BtfExt parse(String source, byte[] raw, Btf btf) {
        if (raw.length < 8) {
            throw new BtfException(source + ": .BTF.ext of " + raw.length + " bytes is shorter than its header");
        }
        int magic = (short) I16.get(raw, 0) & 0xffff;
        if (magic != MAGIC) {
            throw new BtfException(source + ": not .BTF.ext (magic 0x" + Integer.toHexString(magic) + ")");
        }
        if (raw[2] != 1) {
            throw new BtfException(source + ": unsupported .BTF.ext version " + raw[2]);
        }
        long hdrLen = u32(raw, 4);
        if (hdrLen < 24 || hdrLen > raw.length) {
            throw new BtfException(source + ": .BTF.ext header length " + hdrLen + " is invalid");
        }
        Parser p = new Parser(source, raw, (int) hdrLen, btf);
        int[] fs = new int[1], ls = new int[1], cs = new int[1];
        Map<String, List<FuncInfo>> funcs = p.section("func_info", u32(raw, 8), u32(raw, 12), 8, fs,
                (o, sec) -> new FuncInfo((int) I32.get(raw, o), (int) I32.get(raw, o + 4)));
        Map<String, List<LineInfo>> lines = p.section("line_info", u32(raw, 16), u32(raw, 20), 16, ls,
                (o, sec) -> {
                    int fileOff = (int) I32.get(raw, o + 4), lineOff = (int) I32.get(raw, o + 8);
                    return new LineInfo((int) I32.get(raw, o), fileOff, lineOff, (int) I32.get(raw, o + 12),
                            p.str(fileOff, "line_info file name"), p.str(lineOff, "line_info line"));
                });
        Map<String, List<CoreRelo>> relos = Map.of();
        if (hdrLen >= 32) {
            relos = p.section("core_relo", u32(raw, 24), u32(raw, 28), 16, cs, (o, sec) -> {
                int accOff = (int) I32.get(raw, o + 8);
                int kind = (int) I32.get(raw, o + 12);
                return new CoreRelo((int) I32.get(raw, o), (int) I32.get(raw, o + 4), accOff,
                        p.str(accOff, "CO-RE access string"), CoreKind.of(kind, source));
            });
        }
        return new BtfExt(funcs, lines, relos, fs[0], ls[0], cs[0]);
    }

    private interface RecordReader<T> {
        T read(int offset, String section);
    }

    private record Parser(String source, byte[] raw, int hdrLen, Btf btf) {
        String str(int off, String what) {
            try {
                return btf.string(off);
            } catch (BtfException e) {
                throw new BtfException(source + ": " + what + " refers to string offset " + Integer.toUnsignedString(off)
                        + ", outside .BTF's string section");
            }
        }

        <T> Map<String, List<T>> section(String what, long off, long len, int minRec, int[] recSizeOut, RecordReader<T> reader) {
            Map<String, List<T>> out = new LinkedHashMap<>();
            if (len == 0) {
                return out;
            }
            long start = hdrLen + off;
            if (off + len > raw.length - hdrLen || len < 4) {
                throw new BtfException(source + ": .BTF.ext " + what + " (offset " + off + ", length " + len
                        + ") lies outside the section");
            }
            long end = start + len;
            long recSize = u32(raw, (int) start);
            if (recSize < minRec || recSize > 1024 || recSize % 4 != 0) {
                throw new BtfException(source + ": .BTF.ext " + what + " record size " + recSize + " is invalid");
            }
            recSizeOut[0] = (int) recSize;
            long p = start + 4;
            while (p < end) {
                if (end - p < 8) {
                    throw new BtfException(source + ": .BTF.ext " + what + " is truncated");
                }
                String sec = str((int) I32.get(raw, (int) p), what + " section name");
                long num = u32(raw, (int) p + 4);
                p += 8;
                if (num == 0) {
                    throw new BtfException(source + ": .BTF.ext " + what + " for section " + sec + " has no records");
                }
                if (num > (end - p) / recSize) {
                    throw new BtfException(source + ": .BTF.ext " + what + " for section " + sec + " declares "
                            + num + " records, more than fit");
                }
                List<T> list = out.computeIfAbsent(sec, k -> new ArrayList<>());
                for (long i = 0; i < num; i++) {
                    list.add(reader.read((int) p, sec));
                    p += recSize;
                }
            }
            out.replaceAll((k, v) -> Collections.unmodifiableList(v));
            return out;
        }
    }

    private static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong((int) I32.get(b, off));
    }
}
