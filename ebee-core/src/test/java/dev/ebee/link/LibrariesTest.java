package dev.ebee.link;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LibrariesTest {
    @Test
    void linkerCacheFindsLibc() {
        var entries = LdSoCache.read(LdSoCache.DEFAULT);
        if (!Files.exists(LdSoCache.DEFAULT)) {
            assertThat(entries).isEmpty();
            return;
        }
        assertThat(entries).isNotEmpty();
        Path libc = LdSoCache.find(entries, "libc").orElseThrow();
        assertThat(libc.getFileName().toString()).isEqualTo("libc.so.6");
        assertThat(LdSoCache.find(entries, "libc.so.6")).contains(libc);
        assertThat(LdSoCache.find(entries, "libnosuch-ebee")).isEmpty();
        assertThat(Libraries.library("c")).isPresent();
    }

    @Test
    void libDirsAgreeWithTheCache() {
        assertThat(Libraries.inLibDirs("libc").map(p -> p.getFileName().toString())).contains("libc.so.6");
        assertThat(Libraries.find("bash")).isPresent();
        assertThat(Libraries.find("no-such-command-ebee")).isEmpty();
    }

    @Test
    void malformedCachesYieldNothing() throws Exception {
        byte[] real = Files.exists(LdSoCache.DEFAULT) ? Files.readAllBytes(LdSoCache.DEFAULT) : new byte[0];
        assertThat(LdSoCache.parse(new byte[0])).isEmpty();
        assertThat(LdSoCache.parse("glibc-ld.so.cache1.1".getBytes())).isEmpty();
        for (int cut = 0; cut < Math.min(real.length, 4000); cut += 7) {
            LdSoCache.parse(Arrays.copyOf(real, cut)); // never throws
        }
        if (real.length > 48) {
            byte[] bad = real.clone();
            bad[20] = (byte) 0xff; // absurd library count
            bad[23] = (byte) 0x7f;
            assertThat(LdSoCache.parse(bad)).isEmpty();
            byte[] badOffsets = real.clone();
            for (int i = 48; i + 24 <= badOffsets.length && i < 48 + 24 * 10; i += 24) {
                badOffsets[i + 7] = (byte) 0x7f; // string offsets past the end
            }
            LdSoCache.parse(badOffsets);
        }
    }
}
