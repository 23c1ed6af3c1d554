package io.quarkiverse.eventstream.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SseEncoderTest {

    /** What a client dispatches, per the WHATWG event stream interpretation. */
    record Dispatched(String id, String type, String data) {
    }

    @Test
    void encodesTypeAndData() {
        assertThat(SseEncoder.event(null, "message", "{\"a\":1}")).isEqualTo("event: message\ndata: {\"a\":1}\n\n");
        assertThat(SseEncoder.event("7", "t", "")).isEqualTo("id: 7\nevent: t\ndata:\n\n");
    }

    @Test
    void splitsEveryKindOfLineBreak() {
        assertThat(SseEncoder.event(null, null, "a\nb\r\nc\rd")).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
        assertThat(SseEncoder.event(null, null, "\n")).isEqualTo("data:\ndata:\n\n");
        assertThat(SseEncoder.event(null, null, "\r\n\r")).isEqualTo("data:\ndata:\ndata:\n\n");
    }

    @Test
    void keepsLeadingSpaces() {
        assertThat(parse(SseEncoder.event(null, null, " x\n  y")).get(0).data()).isEqualTo(" x\n  y");
    }

    @Test
    void refusesLineBreaksAndNulInFields() {
        assertThatThrownBy(() -> SseEncoder.checkField("type", "a\nb")).hasMessageContaining("type")
                .hasMessageContaining("LF at index 1");
        assertThatThrownBy(() -> SseEncoder.checkField("id", "\r")).hasMessageContaining("id").hasMessageContaining("CR");
        assertThatThrownBy(() -> SseEncoder.checkField("type", "\0")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> SseEncoder.checkField("type", "")).hasMessageContaining("empty");
        assertThat(SseEncoder.checkField("type", "a:b c\u2028")).isEqualTo("a:b c\u2028");
    }

    @Test
    void encodesCommentsAndRetry() {
        assertThat(SseEncoder.comment("")).isEqualTo(":\n");
        assertThat(SseEncoder.retry(3000)).isEqualTo("retry: 3000\n");
        assertThatThrownBy(() -> SseEncoder.retry(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyGeneratedPayloadParsesBackExactly() {
        Random random = new Random(20261127L);
        char[] alphabet = { 'a', 'Z', ' ', ':', '\n', '\r', '\0', '\u2028', '\u00e9', '\ud83d', '\ude00', '{', '"',
                '\t', '\u0085' };
        for (int run = 0; run < 20_000; run++) {
            StringBuilder data = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                data.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String type = "t" + run;
            String frame = SseEncoder.event(Integer.toString(run), type, data.toString());
            List<Dispatched> events = parse(frame);
            assertThat(events).as("payload %s", escape(data.toString())).hasSize(1);
            assertThat(events.get(0).data()).isEqualTo(data.toString().replace("\r\n", "\n").replace('\r', '\n'));
            assertThat(events.get(0).type()).isEqualTo(type);
            assertThat(events.get(0).id()).isEqualTo(Integer.toString(run));
            assertThat(frame).endsWith("\n\n").doesNotContain("\r");
        }
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }

    /** The WHATWG "interpret an event stream" algorithm, for one stream. */
    static List<Dispatched> parse(String stream) {
        List<Dispatched> out = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        String type = "";
        String lastId = "";
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length(); i++) {
            char c = stream.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(stream.substring(start, i));
                if (c == '\r' && i + 1 < stream.length() && stream.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        for (String line : lines) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    String value = data.substring(0, data.length() - 1);
                    out.add(new Dispatched(lastId, type.isEmpty() ? "message" : type, value));
                }
                data.setLength(0);
                type = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastId = value;
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }
}
