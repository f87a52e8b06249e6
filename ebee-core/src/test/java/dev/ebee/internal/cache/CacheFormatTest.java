package dev.ebee.internal.cache;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CacheFormatTest {
    private static final byte[] KEY = "ebee code\0kernel\0object BTF...".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static Map<String, byte[]> sample() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("core 12 0 0:1", new byte[] {1, 2, 3});
        m.put("id kfunc bpf_task_release", new byte[0]);
        m.put("é", new byte[] {9});
        return m;
    }

    @Test
    void roundTrip() {
        Map<String, byte[]> back = CacheFormat.decode(KEY, CacheFormat.encode(KEY, sample()));
        assertThat(back).containsOnlyKeys(sample().keySet());
        assertThat(back.get("core 12 0 0:1")).containsExactly(1, 2, 3);
    }

    @Test
    void everyTruncationAndEveryFlippedByteReadsAsNoFile() {
        byte[] file = CacheFormat.encode(KEY, sample());
        for (int len = 0; len < file.length; len++) {
            assertThat(CacheFormat.decode(KEY, Arrays.copyOf(file, len))).as("truncated to " + len).isNull();
        }
        for (int i = 0; i < file.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = file.clone();
                b[i] ^= (byte) (1 << bit);
                assertThat(CacheFormat.decode(KEY, b)).as("byte " + i + " bit " + bit).isNull();
            }
        }
        assertThat(CacheFormat.decode(KEY, Arrays.copyOf(file, file.length + 1))).isNull();
    }

    @Test
    void anotherIdentityReadsAsNoFile() {
        byte[] other = KEY.clone();
        other[other.length - 1]++;
        byte[] file = CacheFormat.encode(KEY, sample());
        assertThat(CacheFormat.decode(other, file)).isNull();
        assertThat(CacheFormat.decode(Arrays.copyOf(KEY, KEY.length - 1), file)).isNull();
        assertThat(CacheFormat.fileName(other)).isNotEqualTo(CacheFormat.fileName(KEY)).matches("[0-9a-f]{16}\\.core");
    }

    @Test
    void buildIdOfTheRunningKernel() throws Exception {
        Path notes = Path.of("/sys/kernel/notes");
        if (Files.isReadable(notes)) {
            String id = KernelIdentity.buildId(Files.readAllBytes(notes));
            if (id != null) {
                assertThat(id).matches("[0-9a-f]{2,}");
            }
        }
        assertThat(KernelIdentity.buildId(new byte[] {4, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 3, 0, 0, 0}))
                .isNull(); // a descriptor longer than the notes
        assertThat(KernelIdentity.buildId(new byte[5])).isNull();
    }

    @Test
    void location() {
        Map<String, String> env = new java.util.HashMap<>();
        Map<String, String> props = new java.util.HashMap<>(Map.of("user.home", "/home/u"));
        assertThat(CacheDir.location(env::get, props::get)).isEqualTo(Path.of("/home/u/.cache/ebee"));
        env.put("XDG_CACHE_HOME", "relative");
        assertThat(CacheDir.location(env::get, props::get)).isEqualTo(Path.of("/home/u/.cache/ebee"));
        env.put("XDG_CACHE_HOME", "/xdg");
        assertThat(CacheDir.location(env::get, props::get)).isEqualTo(Path.of("/xdg/ebee"));
        env.put("EBEE_CACHE_DIR", "/elsewhere");
        assertThat(CacheDir.location(env::get, props::get)).isEqualTo(Path.of("/elsewhere"));
        env.put("EBEE_CACHE", "0");
        assertThat(CacheDir.location(env::get, props::get)).isNull();
    }
}
