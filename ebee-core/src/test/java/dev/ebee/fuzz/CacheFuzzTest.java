package dev.ebee.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ebee.internal.cache.CacheFormat;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the cache file reader with Jazzer, seeded with a valid file: a cache file is untrusted
 * input, so whatever its bytes, reading yields a table or null, never an exception.
 */
class CacheFuzzTest {
    /** The identity the seed was written for (CacheFuzzTestInputs/decode/valid). */
    static final byte[] IDENTITY = "ebee code\0kernel\0object BTF".getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] data) {
        CacheFormat.decode(IDENTITY, data);
    }
}
