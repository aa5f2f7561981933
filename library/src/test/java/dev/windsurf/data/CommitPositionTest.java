package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommitPositionTest {

    @Test
    void shouldParseWhatItWritesAndOrderByPosition() {
        CommitPosition low = CommitPosition.parse("0/16B3748");
        CommitPosition high = CommitPosition.parse("16/b374d848");

        assertThat(low).hasToString("0/16B3748");
        assertThat(high).hasToString("16/B374D848").isEqualTo(CommitPosition.parse(high.toString()));
        assertThat(high.asLong()).isEqualTo(0x16B374D848L);
        assertThat(low).isLessThan(high);
        assertThat(CommitPosition.parse("FFFFFFFF/0")).isGreaterThan(high);
    }

    @Test
    void shouldRefuseAnythingButTwoHexadecimalNumbersAroundASlash() {
        for (String bad : new String[] {"", "/", "0/", "/1", "1", "x/1", "1/g", "123456789/0", "0/123456789",
                "1/2/3", " 1/2", "1/2'; drop table users; --"}) {
            assertThatThrownBy(() -> CommitPosition.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commit position");
        }
        assertThatThrownBy(() -> CommitPosition.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
