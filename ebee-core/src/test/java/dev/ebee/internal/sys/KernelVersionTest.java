package dev.ebee.internal.sys;

import dev.ebee.EbeeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelVersionTest {
    @Test
    void parsesReleases() {
        assertThat(KernelVersion.parse("6.18.44-fc-v595")).isEqualTo((6 << 16) + (18 << 8) + 44);
        assertThat(KernelVersion.parse("5.4.300-generic")).isEqualTo((5 << 16) + (4 << 8) + 255); // capped
        assertThat(KernelVersion.parse("6.1")).isEqualTo(KernelVersion.of(6, 1, 0));
        assertThatThrownBy(() -> KernelVersion.parse("linux")).isInstanceOf(EbeeException.class);
    }

    @Test
    void memlockIsChargedBefore511Only() {
        assertThat(Memlock.charged(KernelVersion.of(5, 10, 200))).isTrue();
        assertThat(Memlock.charged(KernelVersion.of(5, 11, 0))).isFalse();
        assertThat(Memlock.charged(KernelVersion.of(6, 18, 44))).isFalse();
        // this kernel: nothing to raise, and the limit is left as it was
        long[] before = Native.getrlimit(Native.RLIMIT_MEMLOCK);
        assertThat(Memlock.ensure()).isEqualTo(Memlock.charged(KernelVersion.code()));
        if (!Memlock.charged(KernelVersion.code())) {
            assertThat(Native.getrlimit(Native.RLIMIT_MEMLOCK)).containsExactly(before);
        }
    }
}
