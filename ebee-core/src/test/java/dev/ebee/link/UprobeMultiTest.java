package dev.ebee.link;

import dev.ebee.Collection;
import dev.ebee.EbeeException;
import dev.ebee.ObjectFile;
import dev.ebee.TestObjects;
import dev.ebee.features.Features;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One uprobe.multi link on two functions of a program the test builds, filtered on that process's
 * pid: each function's calls counted under its own cookie. Skipped, with the probe's reason, on a
 * kernel without uprobe.multi links (6.1).
 */
@Tag("kernel")
class UprobeMultiTest {
    static final String SOURCE = """
            #include <stdio.h>
            __attribute__((noinline)) int ebee_one(int x) { __asm__ volatile("" ::: "memory"); return x + 1; }
            __attribute__((noinline)) int ebee_two(int x) { __asm__ volatile("" ::: "memory"); return x + 2; }
            int main(void) {
                char line[8];
                setvbuf(stdout, NULL, _IOLBF, 0);
                puts("ready");
                if (!fgets(line, sizeof line, stdin)) return 1;
                int s = 0;
                for (int i = 0; i < 3; i++) s += ebee_one(i);
                for (int i = 0; i < 5; i++) s += ebee_two(i);
                printf("done %d\\n", s);
                return 0;
            }
            """;

    @TempDir
    static Path dir;
    static Path binary;

    @BeforeAll
    static void build() throws Exception {
        Kernel.requireBpf();
        if (!Features.kernel().uprobeMultiLinks().supported()) {
            return; // each test says why it is skipped (a class-level skip shows in no report)
        }
        Path src = Files.writeString(dir.resolve("multi.c"), SOURCE);
        binary = dir.resolve("multi");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", binary.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as(log).isZero();
    }

    @org.junit.jupiter.api.BeforeEach
    void multiLinks() {
        Kernel.assumeProbe(Features.kernel().uprobeMultiLinks());
    }

    private static long hits(Collection c, long cookie) {
        byte[] v = c.map("hits").lookup(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(cookie).array());
        return v == null ? 0 : ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getLong();
    }

    @Test
    void oneLinkCountsEachFunctionUnderItsCookie() throws Exception {
        Process target = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        try (Collection c = ObjectFile.open(TestObjects.path("uprobe_multi")).load()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(out.readLine()).isEqualTo("ready");
            try (UprobeMulti link = UprobeMulti.attach(c.program("count_calls"), binary.toString(), List.of("ebee_one", "ebee_two"),
                    new UprobeMultiOptions(false, (int) target.pid(), List.of(11L, 22L)))) {
                target.getOutputStream().write('\n');
                target.getOutputStream().flush();
                assertThat(out.readLine()).startsWith("done");
                assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(hits(c, 11)).isEqualTo(3);
            assertThat(hits(c, 22)).isEqualTo(5);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void aMissingSymbolIsNamed() {
        try (Collection c = ObjectFile.open(TestObjects.path("uprobe_multi")).load()) {
            assertThatThrownBy(() -> UprobeMulti.attach(c.program("count_calls"), binary.toString(),
                    List.of("ebee_one", "ebee_nosuch"), UprobeMultiOptions.NONE))
                    .isInstanceOf(EbeeException.class).hasMessageContaining("ebee_nosuch");
        }
    }
}
