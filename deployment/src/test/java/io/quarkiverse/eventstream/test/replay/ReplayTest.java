package io.quarkiverse.eventstream.test.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class ReplayTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.store.memory.max-events-per-channel", "20")
            .overrideConfigKey("quarkus.eventstream.replay.page-size", "3");

    @Test
    void givesEveryEventOfAStoredChannelAnIdThatIsACorsSafeCursor() throws Exception {
        try (SseTestClient client = open("/events/ids")) {
            SseTestClient.Block open = client.next(WAIT);
            assertThat(open.type()).isEqualTo("stream-open");
            assertThat(open.id()).isEqualTo(publisher.currentEventId("ids"));
            ChannelEvent first = publisher.publishRaw("ids", "message", "one");
            ChannelEvent second = publisher.publishRaw("ids", "message", "two");
            assertThat(first.position()).isEqualTo(1);
            assertThat(second.position()).isEqualTo(2);
            String firstId = client.nextEvent(WAIT).id();
            String secondId = client.nextEvent(WAIT).id();
            assertThat(firstId).isNotEqualTo(open.id()).endsWith("~1").matches("[A-Za-z0-9._~-]+");
            assertThat(secondId).endsWith("~2").hasSizeLessThanOrEqualTo(128);
            assertThat(secondId).isEqualTo(publisher.currentEventId("ids"));
        }
    }

    @Test
    void replaysWhatFollowsTheLastEventIdThenGoesLive() throws Exception {
        publishNumbered("resume", 1, 2);
        String cursor = publisher.currentEventId("resume");
        publishNumbered("resume", 3, 8);
        try (SseTestClient client = open("/events/resume", "Last-Event-ID", cursor)) {
            assertThat(client.next(WAIT).id()).isEqualTo(cursor);
            for (int i = 3; i <= 8; i++) {
                SseTestClient.Block event = client.nextEvent(WAIT);
                assertThat(event.data()).isEqualTo("e" + i);
                assertThat(event.id()).endsWith("~" + i);
            }
            publisher.publishRaw("resume", "message", "live");
            SseTestClient.Block live = client.nextEvent(WAIT);
            assertThat(live.data()).isEqualTo("live");
            assertThat(live.id()).endsWith("~9");
        }
    }

    @Test
    void resumesEveryChannelOfAStreamFromOneId() throws Exception {
        publishNumbered("multi-a", 1, 2);
        publishNumbered("multi-b", 1, 1);
        String cursor = publisher.currentEventId("multi-a", "multi-b");
        publishNumbered("multi-a", 3, 4);
        publishNumbered("multi-b", 2, 3);
        try (SseTestClient client = open("/events?channel=multi-a&channel=multi-b",
                "Last-Event-ID", cursor)) {
            client.next(WAIT);
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("e3");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("e4");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("e2");
            SseTestClient.Block last = client.nextEvent(WAIT);
            assertThat(last.data()).isEqualTo("e3");
            assertThat(last.id()).isEqualTo(publisher.currentEventId("multi-a", "multi-b"));
        }
    }

    @Test
    void takesTheCursorFromTheLastNonEmptyQueryParameterButPrefersTheHeader() throws Exception {
        publishNumbered("query", 1, 3);
        String atTwo = atPosition("query", 2);
        String atOneQuery = atPosition("query", 1);
        try (SseTestClient client = SseTestClient.get(base,
                "/events/query?lastEventId=" + enc(atOneQuery) + "&lastEventId=")) {
            client.next(WAIT);
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("e2");
        }
        try (SseTestClient client = open("/events/query?lastEventId=" + enc(atOneQuery),
                "Last-Event-ID", atTwo)) {
            client.next(WAIT);
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("e3");
        }
    }

    @Test
    void acceptsTheDjangoEventstreamForm() throws Exception {
        publishNumbered("room 1", 1, 3);
        try (SseTestClient client = open("/events?channel=room%201", "Last-Event-ID", "room%201:1")) {
            client.next(WAIT);
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("e2");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("e3");
        }
    }

    @Test
    void resetsOnlyTheChannelsWhoseHistoryIsGone() throws Exception {
        publishNumbered("purged", 1, 2);
        publishNumbered("kept", 1, 1);
        String cursor = publisher.currentEventId("purged", "kept");
        // 25 more than the 20 kept per channel: the cursor's next event of "purged" is gone
        publishNumbered("purged", 3, 27);
        publishNumbered("kept", 2, 2);
        try (SseTestClient client = open("/events?channel=purged&channel=kept",
                "Last-Event-ID", cursor)) {
            assertThat(client.next(WAIT).type()).isEqualTo("stream-open");
            SseTestClient.Block reset = client.next(WAIT);
            assertThat(reset.type()).isEqualTo("stream-reset");
            assertThat(reset.data()).isEqualTo("{\"channels\":[\"purged\"]}");
            assertThat(reset.id()).contains("~27");
            SseTestClient.Block kept = client.nextEvent(WAIT);
            assertThat(kept.data()).isEqualTo("e2");
            assertThat(kept.id()).contains("~27").contains("~2");
        }
    }

    @Test
    void resetsCursorsFromAnotherEpochOrAheadOfTheStore() throws Exception {
        publishNumbered("epoch", 1, 2);
        String cursor = publisher.currentEventId("epoch");
        String otherEpoch = "zzz" + cursor.substring(cursor.indexOf('.'));
        String ahead = cursor.substring(0, cursor.lastIndexOf('~') + 1) + "99";
        for (String id : new String[] { otherEpoch, ahead, "epoch:77" }) {
            try (SseTestClient client = open("/events/epoch", "Last-Event-ID", id)) {
                client.next(WAIT);
                SseTestClient.Block reset = client.next(WAIT);
                assertThat(reset.type()).as(id).isEqualTo("stream-reset");
                assertThat(reset.id()).isEqualTo(cursor);
            }
        }
    }

    @Test
    void refusesMalformedOrForeignCursorsWith400() throws Exception {
        publishNumbered("strict", 1, 1);
        String foreign = publisher.currentEventId("someone-else");
        String valid = publisher.currentEventId("strict");
        // the same channel twice: which position would the client mean?
        String twice = valid + valid.substring(valid.indexOf('.'));
        for (String id : new String[] { "garbage!", "abc.", "abc.AAAAAAA~x", foreign, "someone-else:1",
                "strict:-1", "x".repeat(3000), twice, "strict:1,strict:1" }) {
            try (SseTestClient client = open("/events/strict", "Last-Event-ID", id)) {
                assertThat(client.status()).as(id).isEqualTo(400);
                assertThat(client.body(WAIT)).contains("\"error\":\"invalid-cursor\"");
            }
        }
    }

    private void publishNumbered(String channel, int from, int to) {
        for (int i = from; i <= to; i++) {
            publisher.publishRaw(channel, "message", "e" + i);
        }
    }

    /** A cursor at {@code position}, built from a current one: the wire form is <epoch>.<key>~<position>. */
    private String atPosition(String channel, long position) {
        String current = publisher.currentEventId(channel);
        return current.substring(0, current.lastIndexOf('~') + 1) + position;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
