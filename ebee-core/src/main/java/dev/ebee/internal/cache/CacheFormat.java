package dev.ebee.internal.cache;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The bytes of a cache file: the identity of what the answers were computed from (in full, not a
 * hash of it: a reader compares it byte for byte, so two inputs can never share answers), then a
 * table of entries (a question, as text, and its answer, as bytes).
 * <pre>
 *   "ebeecach"  u32 version  u32 payload length  u32 CRC-32C of the payload
 *   payload: u32 identity length, identity, u32 count,
 *            then per entry: u16 question length, question (UTF-8), u32 answer length, answer
 * </pre>
 * All numbers big-endian. A file is untrusted input: {@link #decode} checks every length against
 * what is left, so damage of any kind yields null, never an exception or a partial table.
 * <p>
 * Why no SHA-256: in a starting JVM, {@code MessageDigest.getInstance} and hashing tens of
 * kilobytes in the interpreter took 10-40 ms, more than parsing the kernel's BTF that the cache
 * saves; CRC-32C runs as a JVM intrinsic even in the interpreter, and the full identity makes the
 * match exact where a hash would make it only probable.
 */
public final class CacheFormat {
    /** Changes whenever the layout above changes (an older file then simply misses). */
    public static final int VERSION = 2;
    /** The largest file read or written: far above what an object's answers take. */
    public static final int MAX_SIZE = 16 << 20;
    private static final byte[] MAGIC = "ebeecach".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 4 + 4;

    private CacheFormat() {
    }

    /** A file name for {@code identity}: 64 bits of checksums, to find the file; the match is checked in full. */
    public static String fileName(byte[] identity) {
        CRC32C c = new CRC32C();
        c.update(identity);
        CRC32 d = new CRC32();
        d.update(identity);
        return HexFormat.of().toHexDigits(c.getValue() << 32 | d.getValue()) + ".core";
    }

    /** The file holding {@code entries} computed from {@code identity}. */
    public static byte[] encode(byte[] identity, Map<String, byte[]> entries) {
        int size = 4 + identity.length + 4;
        for (var e : entries.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + e.getValue().length;
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER + size);
        out.put(MAGIC).putInt(VERSION).putInt(size).putInt(0); // the checksum, below
        out.putInt(identity.length).put(identity).putInt(entries.size());
        for (var e : entries.entrySet()) {
            byte[] q = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (q.length > 0xffff) {
                throw new IllegalArgumentException("question of " + q.length + " bytes");
            }
            out.putShort((short) q.length).put(q).putInt(e.getValue().length).put(e.getValue());
        }
        out.putInt(HEADER - 4, checksum(out.array(), HEADER, size));
        return out.array();
    }

    /**
     * The entries of {@code file} if it is a whole, undamaged file of this version computed from
     * exactly {@code identity}; null otherwise.
     */
    public static Map<String, byte[]> decode(byte[] identity, byte[] file) {
        try {
            return decodeChecked(identity, file);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, byte[]> decodeChecked(byte[] identity, byte[] file) throws CharacterCodingException {
        if (file.length < HEADER || file.length > MAX_SIZE) {
            return null;
        }
        if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        b.position(MAGIC.length);
        if (b.getInt() != VERSION) {
            return null;
        }
        int size = b.getInt();
        if (size != file.length - HEADER) {
            return null; // truncated or extended
        }
        if (b.getInt() != checksum(file, HEADER, size)) {
            return null;
        }
        int idLen = b.getInt();
        if (idLen != identity.length || idLen > b.remaining()
                || !Arrays.equals(file, b.position(), b.position() + idLen, identity, 0, idLen)) {
            return null;
        }
        b.position(b.position() + idLen);
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / 6) { // an entry takes at least 6 bytes
            return null;
        }
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int qLen = Short.toUnsignedInt(b.getShort());
            String q = utf8.decode(b.slice(b.position(), qLen)).toString(); // slice checks the bounds
            b.position(b.position() + qLen);
            int aLen = b.getInt();
            if (aLen < 0 || aLen > b.remaining()) {
                return null;
            }
            byte[] a = new byte[aLen];
            b.get(a);
            if (out.put(q, a) != null) {
                return null; // a question twice: not a file this class wrote
            }
        }
        return b.hasRemaining() ? null : out;
    }

    private static int checksum(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return (int) c.getValue();
    }
}
