package dev.ebee.internal.cache;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of a cache file: a table of entries (a question, as text, and its answer, as bytes),
 * behind a header that says what it is and checks it.
 * <pre>
 *   "ebeecach"  u32 version  key[32]  u32 payload length  SHA-256 of the payload[32]
 *   payload: u32 count, then per entry: u16 question length, question (UTF-8), u32 answer length, answer
 * </pre>
 * All numbers big-endian. A file is untrusted input: {@link #decode} checks every length against
 * what is left, so damage of any kind yields null, never an exception or a partial table.
 */
public final class CacheFormat {
    /** Changes whenever the layout above changes (an older file then simply misses). */
    public static final int VERSION = 1;
    /** The largest file read or written: far above what an object's answers take. */
    public static final int MAX_SIZE = 16 << 20;
    private static final byte[] MAGIC = "ebeecach".getBytes(StandardCharsets.US_ASCII);
    static final int KEY_SIZE = 32;
    private static final int HEADER = MAGIC.length + 4 + KEY_SIZE + 4 + 32;

    private CacheFormat() {
    }

    /** The file holding {@code entries} under {@code key} (32 bytes). */
    public static byte[] encode(byte[] key, Map<String, byte[]> entries) {
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("key of " + key.length + " bytes");
        }
        int size = 4;
        for (var e : entries.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + e.getValue().length;
        }
        ByteBuffer payload = ByteBuffer.allocate(size);
        payload.putInt(entries.size());
        for (var e : entries.entrySet()) {
            byte[] q = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (q.length > 0xffff) {
                throw new IllegalArgumentException("question of " + q.length + " bytes");
            }
            payload.putShort((short) q.length).put(q).putInt(e.getValue().length).put(e.getValue());
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER + size);
        out.put(MAGIC).putInt(VERSION).put(key).putInt(size).put(sha256(payload.array(), 0, size)).put(payload.array());
        return out.array();
    }

    /**
     * The entries of {@code file} if it is a whole, undamaged file of this version written under
     * {@code key}; null otherwise.
     */
    public static Map<String, byte[]> decode(byte[] key, byte[] file) {
        try {
            return decodeChecked(key, file);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, byte[]> decodeChecked(byte[] key, byte[] file) throws CharacterCodingException {
        if (file.length < HEADER || file.length > MAX_SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        b.position(MAGIC.length);
        if (b.getInt() != VERSION) {
            return null;
        }
        if (!Arrays.equals(file, b.position(), b.position() + KEY_SIZE, key, 0, key.length)) {
            return null;
        }
        b.position(b.position() + KEY_SIZE);
        int size = b.getInt();
        if (size != file.length - HEADER) {
            return null; // truncated or extended
        }
        byte[] sum = new byte[32];
        b.get(sum);
        if (!MessageDigest.isEqual(sum, sha256(file, HEADER, size))) {
            return null;
        }
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

    /** SHA-256 of {@code len} bytes of {@code data} from {@code off}. */
    public static byte[] sha256(byte[] data, int off, int len) {
        MessageDigest d = digest();
        d.update(data, off, len);
        return d.digest();
    }

    /** A fresh SHA-256 digest (every JDK has one). */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
