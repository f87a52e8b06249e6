package dev.ebee.cli.common;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

class CStringTest {
    @Test
    void stopsAtNulLimitOrEnd() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {'a', 'b', 0, 'c', 'd'});
        assertThat(CString.read(s, 0, 16)).isEqualTo("ab");
        assertThat(CString.read(s, 3, 16)).isEqualTo("cd");
        assertThat(CString.read(s, 0, 1)).isEqualTo("a");
        assertThat(CString.read(s, 5, 16)).isEmpty();
        assertThat(CString.read(s, -1, 16)).isEmpty();
        assertThat(CString.indexOfNul(s, 0, 5)).isEqualTo(2);
        assertThat(CString.indexOfNul(s, 3, 99)).isEqualTo(-1);
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {'x', (byte) 0xff, 0});
        assertThat(CString.read(s, 0, 3)).isEqualTo("x\uFFFD");
    }
}
