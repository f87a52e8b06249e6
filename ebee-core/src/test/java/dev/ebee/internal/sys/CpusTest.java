package dev.ebee.internal.sys;

import dev.ebee.EbeeException;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpusTest {
    private static BitSet of(int... cpus) {
        BitSet b = new BitSet();
        for (int c : cpus) {
            b.set(c);
        }
        return b;
    }

    @Test
    void parsesSysfsLists() {
        assertThat(Cpus.parse("0-1\n")).isEqualTo(of(0, 1));
        assertThat(Cpus.parse("0")).isEqualTo(of(0));
        assertThat(Cpus.parse("0-3,5,7-8")).isEqualTo(of(0, 1, 2, 3, 5, 7, 8));
        assertThat(Cpus.parse("\n")).isEqualTo(new BitSet());
    }

    @Test
    void rejectsMalformedLists() {
        for (String bad : new String[] {"a", "1-", "-1", "3-1", "0,,1", "0-1-2", "99999999", "1 2", "0-70000"}) {
            assertThatThrownBy(() -> Cpus.parse(bad)).as(bad).isInstanceOf(EbeeException.class)
                    .hasMessageContaining("malformed CPU list");
        }
    }

    @Test
    void readsThisMachine() {
        BitSet possible = Cpus.possible();
        BitSet online = Cpus.online();
        assertThat(possible.cardinality()).isGreaterThanOrEqualTo(online.cardinality());
        BitSet extra = (BitSet) online.clone();
        extra.andNot(possible);
        assertThat(extra.isEmpty()).as("online CPUs that are not possible: %s", extra).isTrue();
        assertThat(online.get(0)).isTrue();
    }
}
