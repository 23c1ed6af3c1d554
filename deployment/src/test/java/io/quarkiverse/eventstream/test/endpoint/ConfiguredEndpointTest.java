package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.EventStreams;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class ConfiguredEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class))
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}/events")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{room},lobby")
            .overrideConfigKey("quarkus.eventstream.endpoints.feed.path", "/feeds/{channel}")
            .overrideConfigKey("quarkus.eventstream.endpoints.fixed.path", "/announcements")
            .overrideConfigKey("quarkus.eventstream.endpoints.fixed.channels", "announcements");

    @TestHTTPResource("/")
    URL base;

    @Inject
    EventPublisher publisher;

    @Inject
    EventStreams streams;

    @Test
    void expandsChannelTemplatesFromThePath() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/rooms/42/events?channel=ignored")) {
            assertThat(client.status()).isEqualTo(200);
            client.next(WAIT);
            assertThat(streams.subscribers("room-42")).isEqualTo(1);
            assertThat(streams.subscribers("lobby")).isEqualTo(1);
            assertThat(streams.subscribers("ignored")).isZero();
            publisher.publishRaw("room-41", "message", "other room");
            publisher.publishRaw("room-42", "message", "this room");
            publisher.publishRaw("lobby", "message", "everyone");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("this room");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("everyone");
        }
    }

    @Test
    void takesTheChannelPathParameterWhenNoChannelsAreConfigured() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/feeds/sports?channel=news")) {
            client.next(WAIT);
            assertThat(streams.subscribers("sports")).isEqualTo(1);
            assertThat(streams.subscribers("news")).isZero();
        }
    }

    @Test
    void streamsFixedChannels() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/announcements")) {
            client.next(WAIT);
            publisher.publish("announcements", "notice", "closing at 6");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("\"closing at 6\"");
        }
    }

    @Test
    void keepsTheBuiltInEndpoint() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events/lobby")) {
            assertThat(client.status()).isEqualTo(200);
        }
    }
}
