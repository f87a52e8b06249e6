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
    void splitsPackedStringsUpToTheCountAndTheEnd() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {'a', 0, 0, 'b', 'c', 0, 'd', 'e'});
        assertThat(CString.split(s, 0, 8, 10)).containsExactly("a", "", "bc", "de");
        assertThat(CString.split(s, 0, 8, 2)).containsExactly("a", "");
        assertThat(CString.split(s, 3, 7, 10)).containsExactly("bc", "d");
        assertThat(CString.split(s, 0, 8, 0)).isEmpty();
        assertThat(CString.split(s, 0, 8, -1)).isEmpty();
        assertThat(CString.split(s, 5, 2, 10)).isEmpty();
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {'x', (byte) 0xff, 0});
        assertThat(CString.read(s, 0, 3)).isEqualTo("x\uFFFD");
    }
}
