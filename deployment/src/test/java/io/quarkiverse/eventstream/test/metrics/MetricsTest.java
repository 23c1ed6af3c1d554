package io.quarkiverse.eventstream.test.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The {@code eventstream.*} meters, read from {@code /q/metrics} after real streams and publishes: each value is the
 * exact count of what the test did.
 */
public class MetricsTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(Channels.class, PrometheusScrape.class), "alice")
            .setForcedDependencies(List.of(Dependency.of("io.quarkus",
                    "quarkus-micrometer-registry-prometheus-deployment", Version.getVersion())))
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{room}");

    /** {@code secret-*} is refused, {@code volatile-*} is not stored, a revoked channel is refused from then on. */
    @ApplicationScoped
    public static class Channels extends DefaultChannelManager {

        static final Set<String> REVOKED = ConcurrentHashMap.newKeySet();

        @Override
        public boolean canRead(SecurityIdentity identity, String channel) {
            return !channel.startsWith("secret-") && !REVOKED.contains(channel);
        }

        @Override
        public boolean isReliable(String channel) {
            return !channel.startsWith("volatile-");
        }
    }

    @Test
    void countsWhatStreamsPublishesAndRefusalsCaused() throws Exception {
        // the endpoints' gauges exist before any stream
        PrometheusScrape before = PrometheusScrape.read();
        assertThat(before.get("eventstream_streams_open{endpoint=\"built-in\"}")).isZero();
        assertThat(before.get("eventstream_streams_open{endpoint=\"rooms\"}")).isZero();
        assertThat(before.get("eventstream_events_delivered_total")).isZero();

        String firstCursor;
        try (SseTestClient news = open("/events/news");
                SseTestClient lobby = open("/rooms/lobby");
                SseTestClient team = open("/events/team")) {
            news.next(WAIT);
            lobby.next(WAIT);
            team.next(WAIT);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusScrape scrape = PrometheusScrape.read();
                assertThat(scrape.get("eventstream_streams_open{endpoint=\"built-in\"}")).isEqualTo(2);
                assertThat(scrape.get("eventstream_streams_open{endpoint=\"rooms\"}")).isEqualTo(1);
            });

            publisher.publishRaw("news", "message", "n1");
            publisher.publishRaw("news", "message", "n2");
            publisher.publishRaw("room-lobby", "message", "hello");
            publisher.publishRaw("volatile-nobody", "message", "lost");
            firstCursor = news.nextEvent(WAIT).id();
            assertThat(news.nextEvent(WAIT).data()).isEqualTo("n2");
            assertThat(lobby.nextEvent(WAIT).data()).isEqualTo("hello");

            // replays n2 from the store
            try (SseTestClient resumed = open("/events/news", "Last-Event-ID", firstCursor)) {
                resumed.next(WAIT);
                assertThat(resumed.nextEvent(WAIT).data()).isEqualTo("n2");
            }
            // a cursor ahead of the store: stream-reset
            String ahead = publisher.currentEventId("news").replaceAll("~2$", "~99");
            try (SseTestClient reset = open("/events/news", "Last-Event-ID", ahead)) {
                assertThat(reset.next(WAIT).type()).isEqualTo("stream-open");
                assertThat(reset.next(WAIT).type()).isEqualTo("stream-reset");
            }
            try (SseTestClient forbidden = open("/events/secret-plans", "Authorization", basic("alice"))) {
                assertThat(forbidden.status()).isEqualTo(403);
            }
            try (SseTestClient anonymous = open("/events/secret-plans")) {
                assertThat(anonymous.status()).isEqualTo(401);
            }
            try (SseTestClient invalid = open("/events/news", "Last-Event-ID", "not a cursor")) {
                assertThat(invalid.status()).isEqualTo(400);
            }

            Channels.REVOKED.add("team");
            assertThat(publisher.permissionChanged(null, "team")).isEqualTo(1);
            assertThat(team.nextEvent(WAIT).type()).isEqualTo("stream-error");
            team.awaitEnd(WAIT);
        } finally {
            Channels.REVOKED.clear();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.read();
            assertThat(scrape.get("eventstream_streams_open{endpoint=\"built-in\"}")).isZero();
            assertThat(scrape.get("eventstream_streams_open{endpoint=\"rooms\"}")).isZero();
            assertThat(scrape.get("eventstream_events_published_total{stored=\"true\"}")).isEqualTo(3);
            assertThat(scrape.get("eventstream_events_published_total{stored=\"false\"}")).isEqualTo(1);
            // n1, n2 to news; hello to lobby; n2 replayed to resumed
            assertThat(scrape.get("eventstream_events_delivered_total")).isEqualTo(4);
            assertThat(scrape.get("eventstream_events_replayed_total")).isEqualTo(1);
            assertThat(scrape.get("eventstream_streams_resets_total")).isEqualTo(1);
            assertThat(scrape.get("eventstream_streams_revoked_total")).isEqualTo(1);
            assertThat(scrape.get("eventstream_streams_expired_total")).isZero();
            assertThat(scrape.get("eventstream_streams_overflows_total")).isZero();
            assertThat(scrape.get("eventstream_requests_refused_total{status=\"403\"}")).isEqualTo(1);
            assertThat(scrape.get("eventstream_requests_refused_total{status=\"400\"}")).isEqualTo(1);
            assertThat(scrape.get("eventstream_requests_refused_total{status=\"401\"}")).isEqualTo(1);
            assertThat(scrape.get("eventstream_publish_latency_seconds_count")).isEqualTo(4);
            assertThat(scrape.get("eventstream_store_append_seconds_count")).isEqualTo(3);
            // once per event per event-loop group: news and room-lobby each had streams on one loop per stream
            assertThat(scrape.get("eventstream_delivery_lag_seconds_count")).isEqualTo(3);
            assertThat(scrape.seriesStartingWith("eventstream_publish_latency_seconds_bucket")).isEmpty();
            assertThat(scrape.get("eventstream_bus_repairs_total")).isZero();
        });
    }
}
