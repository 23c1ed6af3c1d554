package io.quarkiverse.eventstream.test.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.ChannelEvent;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class PublishSubscribeTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app();

    @Test
    void streamStartsWithHeadersAndStreamOpen() throws Exception {
        try (SseTestClient client = open("/events/news")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(client.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(client.header("X-Accel-Buffering")).isEqualTo("no");
            assertThat(client.header("Content-Length")).isNull();
            assertThat(client.next(WAIT).rawWithoutId()).isEqualTo("event: stream-open\ndata:\n\n");
        }
    }

    @Test
    void deliversPublishedEventsAsCompactJson() throws Exception {
        try (SseTestClient client = open("/events/news")) {
            client.next(WAIT);
            ChannelEvent event = publisher.publish("news", "headline", Map.of("title", "Hello"));
            assertThat(event.data()).isEqualTo("{\"title\":\"Hello\"}");
            assertThat(client.next(WAIT).rawWithoutId()).isEqualTo("event: headline\ndata: {\"title\":\"Hello\"}\n\n");
            publisher.publish("news", List.of(1, 2));
            assertThat(client.next(WAIT).rawWithoutId()).isEqualTo("event: message\ndata: [1,2]\n\n");
            publisher.publish("news", "text");
            assertThat(client.next(WAIT).data()).isEqualTo("\"text\"");
        }
    }

    @Test
    void splitsMultiLineDataSoClientsRebuildItExactly() throws Exception {
        try (SseTestClient client = open("/events/lines")) {
            client.next(WAIT);
            publisher.publishRaw("lines", "html", "<p>\r\n a\rb\n\n</p>\n");
            SseTestClient.Block block = client.next(WAIT);
            assertThat(block.rawWithoutId())
                    .isEqualTo("event: html\ndata: <p>\ndata:  a\ndata: b\ndata:\ndata: </p>\ndata:\n\n");
            assertThat(block.data()).isEqualTo("<p>\n a\nb\n\n</p>\n");
            publisher.publishRaw("lines", "empty", "");
            assertThat(client.next(WAIT).rawWithoutId()).isEqualTo("event: empty\ndata:\n\n");
        }
    }

    @Test
    void deliversOnlyTheChannelsOfTheStream() throws Exception {
        try (SseTestClient a = open("/events?channel=a&channel=b");
                SseTestClient c = open("/events/c")) {
            a.next(WAIT);
            c.next(WAIT);
            publisher.publishRaw("c", "message", "for c");
            publisher.publishRaw("a", "message", "for a");
            publisher.publishRaw("b", "message", "for b");
            assertThat(a.nextEvent(WAIT).data()).isEqualTo("for a");
            assertThat(a.nextEvent(WAIT).data()).isEqualTo("for b");
            assertThat(c.nextEvent(WAIT).data()).isEqualTo("for c");
        }
    }

    @Test
    void closingTheConnectionReleasesTheSubscription() throws Exception {
        SseTestClient client = open("/events/closing");
        client.next(WAIT);
        assertThat(streams.subscribers("closing")).isEqualTo(1);
        client.close();
        await().atMost(WAIT).until(() -> streams.subscribers("closing") == 0);
        // publishing to a channel whose last stream went away is fine
        publisher.publishRaw("closing", "message", "nobody listens");
    }
}
