package io.quarkiverse.eventstream.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.runtime.channel.ChannelNames;

class CursorCodecTest {

    private static final String FORBIDDEN_BY_FETCH = "\"():<>?@[\\]{} \t";

    private static String encode(String epoch, List<String> channels, long... positions) {
        return CursorCodec.encode(epoch, channels.stream().map(CursorCodec::key).toArray(String[]::new), positions);
    }

    @Test
    void encodesFourLongChannelsInFewerThan128CorsSafeBytes() {
        List<String> channels = List.of("a".repeat(32), "b".repeat(32), "c".repeat(32), "d".repeat(32));
        String id = encode("m1a2b3c4", channels, 1, 22, 333_333, 4_444_444_444L);
        assertThat(id.length()).isLessThanOrEqualTo(128);
        assertThat(id).matches("[A-Za-z0-9._~-]+");
        for (char c : FORBIDDEN_BY_FETCH.toCharArray()) {
            assertThat(id).doesNotContain(String.valueOf(c));
        }
    }

    @Test
    void roundTripsAnyValidChannelNames() throws Exception {
        Random random = new Random(42);
        for (int run = 0; run < 2_000; run++) {
            List<String> channels = new ArrayList<>();
            int count = 1 + random.nextInt(10);
            while (channels.size() < count) {
                String name = randomName(random);
                if (ChannelNames.problem(name) == null && !channels.contains(name)) {
                    channels.add(name);
                }
            }
            long[] positions = random.longs(count, 0, Long.MAX_VALUE / 2).toArray();
            String id = encode("e" + run, channels, positions.clone());
            CursorCodec.Parsed parsed = CursorCodec.parse(id, channels);
            assertThat(parsed.epoch()).isEqualTo("e" + run);
            for (int i = 0; i < count; i++) {
                assertThat(parsed.positions()).containsEntry(channels.get(i), positions[i]);
            }
        }
    }

    @Test
    void aStreamWithOneStoredChannelHasItsPrefixAndPosition() {
        String prefix = CursorCodec.singleChannelPrefix("e1", CursorCodec.key("news"));
        assertThat(prefix + 42).isEqualTo(encode("e1", List.of("news"), 42));
    }

    @Test
    void refusesACursorThatNamesAChannelTwice() {
        List<String> channels = List.of("news", "sport");
        String twice = encode("e1", List.of("news", "sport", "news"), 1, 2, 3);
        assertThatThrownBy(() -> CursorCodec.parse(twice, channels)).isInstanceOf(CursorCodec.InvalidCursorException.class)
                .hasMessage("the cursor names a channel twice");
        assertThatThrownBy(() -> CursorCodec.parse("news:1,sport:2,news:3", channels))
                .isInstanceOf(CursorCodec.InvalidCursorException.class).hasMessage("the cursor names a channel twice");
    }

    @Test
    void acceptsTheDjangoForm() throws Exception {
        CursorCodec.Parsed parsed = CursorCodec.parse("room%201:5,news:9", List.of("room 1", "news"));
        assertThat(parsed.epoch()).isNull();
        assertThat(parsed.positions()).isEqualTo(Map.of("room 1", 5L, "news", 9L));
    }

    @Test
    void refusesMalformedForeignAndOversizedCursors() {
        List<String> channels = List.of("news");
        String valid = encode("e1", channels, 3);
        for (String bad : new String[] { "", ".", "e1", "e1.", "e1..", "e-1." + valid.substring(3), valid + "x",
                valid.replace("~3", "~"), valid.replace("~3", "~-3"), valid.replace("~3", "~3.5"),
                valid.replace("~3", "~99999999999999999999"), "e1.AAAAAAA~1", "other:1", "news:", ":1", "news:x",
                "news:1,", "%zz:1", "x".repeat(CursorCodec.MAX_LENGTH + 1) }) {
            assertThatThrownBy(() -> CursorCodec.parse(bad, channels)).as("'%s'", bad)
                    .isInstanceOf(CursorCodec.InvalidCursorException.class);
        }
    }

    @Test
    void neverThrowsAnythingElseOnGeneratedInput() {
        Random random = new Random(7);
        String alphabet = "abcAZ019.~-_:,%+/ \u00e9\u0000\n";
        List<String> channels = List.of("news", "room 1", "a.b~c");
        int accepted = 0;
        for (int run = 0; run < 50_000; run++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                input.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                CursorCodec.Parsed parsed = CursorCodec.parse(input.toString(), channels);
                assertThat(channels).containsAll(parsed.positions().keySet());
                assertThat(parsed.positions().values()).allMatch(position -> position >= 0);
                accepted++;
            } catch (CursorCodec.InvalidCursorException expected) {
                // refused with a 400, as it should
            }
        }
        assertThat(accepted).isLessThan(50_000);
    }

    private static String randomName(Random random) {
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            name.append((char) (0x20 + random.nextInt(0x3000)));
        }
        return name.toString();
    }
}
