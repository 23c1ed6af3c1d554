package io.quarkiverse.eventstream.runtime.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelNamesTest {

    @Test
    void acceptsPrintableNamesUpTo128Characters() {
        assertThat(ChannelNames.problem("news")).isNull();
        assertThat(ChannelNames.problem("room/42 b:c,d\u00e9\ud83d\ude00")).isNull();
        assertThat(ChannelNames.problem("x".repeat(128))).isNull();
    }

    @Test
    void refusesEmptyLongAndControlCharacters() {
        assertThat(ChannelNames.problem(null)).contains("empty");
        assertThat(ChannelNames.problem("")).contains("empty");
        assertThat(ChannelNames.problem("x".repeat(129))).contains("128");
        for (char c : new char[] { '\0', '\n', '\r', '\t', '\u001b', '\u007f', '\u0085' }) {
            assertThat(ChannelNames.problem("a" + c)).as("U+%04X", (int) c).contains("control");
        }
        assertThatThrownBy(() -> ChannelNames.check("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid channel name");
    }
}
