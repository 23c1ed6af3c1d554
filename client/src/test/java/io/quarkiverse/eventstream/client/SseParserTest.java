package io.quarkiverse.eventstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The parser fed byte by byte and in every two-piece split, so no chunk boundary can matter. */
class SseParserTest {

    private static final String STREAM = "\uFEFF: padding\r\n\r\n"
            + "id: 1\r\nevent: note\r\ndata: caf\u00e9 \u65e5\u672c \uD83D\uDE00\r\ndata:second\r\n\r\n"
            + ": keep-alive\n"
            + "data: after a keep-alive without blank line\r\r"
            + "id: bad\0id\nretry: 12a\nretry: 250\ndata\n\n"
            + "event: ignored\n\n"
            + "id\ndata: x\n\n";

    private static final List<StreamEvent> EXPECTED = List.of(
            new StreamEvent("1", "note", "caf\u00e9 \u65e5\u672c \uD83D\uDE00\nsecond", null),
            new StreamEvent(null, "message", "after a keep-alive without blank line", null),
            new StreamEvent(null, "message", "", 250L),
            new StreamEvent("", "message", "x", null));

    @Test
    void parsesTheSameEventsWhereverTheBytesAreSplit() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        assertThat(parse(bytes, 1)).isEqualTo(EXPECTED);
        for (int split = 0; split <= bytes.length; split++) {
            List<StreamEvent> events = new ArrayList<>();
            SseParser parser = new SseParser(events::add, r -> {
            });
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            assertThat(events).as("split at %d", split).isEqualTo(EXPECTED);
        }
    }

    @Test
    void keepsTheLastEventIdAcrossEventsAndIgnoresAnIdWithNul() {
        SseParser parser = new SseParser(e -> {
        }, r -> {
        });
        parser.feed("id: a\ndata: 1\n\ndata: 2\n\nid: b\0\ndata: 3\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.lastEventId()).isEqualTo("a");
    }

    @Test
    void dropsAnUnterminatedEventAndReportsRetryAtOnce() {
        List<StreamEvent> events = new ArrayList<>();
        List<Long> retries = new ArrayList<>();
        SseParser parser = new SseParser(events::add, retries::add);
        parser.feed("retry: 3000\ndata: never dispatched".getBytes(StandardCharsets.UTF_8));
        assertThat(events).isEmpty();
        assertThat(retries).containsExactly(3000L);
    }

    private static List<StreamEvent> parse(byte[] bytes, int chunk) {
        List<StreamEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add, r -> {
        });
        for (int i = 0; i < bytes.length; i += chunk) {
            parser.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return events;
    }
}
