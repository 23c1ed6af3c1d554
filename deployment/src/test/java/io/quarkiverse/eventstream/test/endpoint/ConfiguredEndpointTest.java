package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class ConfiguredEndpointTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}/events")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{room},lobby")
            .overrideConfigKey("quarkus.eventstream.endpoints.feed.path", "/feeds/{channel}")
            .overrideConfigKey("quarkus.eventstream.endpoints.fixed.path", "/announcements")
            .overrideConfigKey("quarkus.eventstream.endpoints.fixed.channels", "announcements");

    @Test
    void expandsChannelTemplatesFromThePath() throws Exception {
        try (SseTestClient client = open("/rooms/42/events?channel=ignored")) {
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
        try (SseTestClient client = open("/feeds/sports?channel=news")) {
            client.next(WAIT);
            assertThat(streams.subscribers("sports")).isEqualTo(1);
            assertThat(streams.subscribers("news")).isZero();
        }
    }

    @Test
    void streamsFixedChannels() throws Exception {
        try (SseTestClient client = open("/announcements")) {
            client.next(WAIT);
            publisher.publish("announcements", "notice", "closing at 6");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("\"closing at 6\"");
        }
    }

    @Test
    void keepsTheBuiltInEndpoint() throws Exception {
        try (SseTestClient client = open("/events/lobby")) {
            assertThat(client.status()).isEqualTo(200);
        }
    }
}
