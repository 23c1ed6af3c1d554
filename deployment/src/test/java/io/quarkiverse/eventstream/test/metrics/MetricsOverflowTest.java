package io.quarkiverse.eventstream.test.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.EventStreams;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A stream of the application's own resource counts under {@code endpoint="application"}; a client that cannot keep
 * up counts one overflow.
 */
public class MetricsOverflowTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(OwnStream.class, PrometheusScrape.class)
            .setForcedDependencies(List.of(Dependency.of("io.quarkus",
                    "quarkus-micrometer-registry-prometheus-deployment", Version.getVersion())))
            .overrideConfigKey("quarkus.eventstream.max-queued-events", "5")
            // nothing stored: an overflowing stream cannot catch up, it must end
            .overrideConfigKey("quarkus.eventstream.store", "none");

    /** The application's own stream resource. */
    @Path("/own/{channel}")
    public static class OwnStream {

        @Inject
        EventStreams streams;

        @GET
        @Produces(MediaType.SERVER_SENT_EVENTS)
        public void stream(@PathParam("channel") String channel, @Context SseEventSink sink) {
            streams.stream(sink, List.of(channel));
        }
    }

    @Test
    void countsApplicationStreamsAndOverflows() throws Exception {
        String payload = "x".repeat(256 * 1024);
        try (SseTestClient slow = SseTestClient.stalled(base, "/own/fast")) {
            await().atMost(WAIT).until(() -> streams.subscribers("fast") == 1);
            assertThat(PrometheusScrape.read().get("eventstream_streams_open{endpoint=\"application\"}")).isEqualTo(1);
            assertThat(PrometheusScrape.read().get("eventstream_streams_open{endpoint=\"built-in\"}")).isZero();
            // 64 MiB while the client reads nothing: far more than socket buffers and the queue of 5 events hold
            for (int i = 0; i < 256; i++) {
                publisher.publishRaw("fast", "message", payload);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.subscribers("fast") == 0);
            slow.resumeReading();
            slow.awaitEnd(Duration.ofSeconds(30));
            assertThat(slow.received()).contains("\"condition\":\"overflow\"");
        }
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.read();
            assertThat(scrape.get("eventstream_streams_overflows_total")).isEqualTo(1);
            assertThat(scrape.get("eventstream_streams_open{endpoint=\"application\"}")).isZero();
            assertThat(scrape.get("eventstream_events_published_total{stored=\"false\"}")).isEqualTo(256);
            assertThat(scrape.get("eventstream_events_published_total{stored=\"true\"}")).isZero();
            // what the stream wrote before it overflowed, never all of it
            assertThat(scrape.get("eventstream_events_delivered_total")).isLessThan(256);
            assertThat(scrape.get("eventstream_store_append_seconds_count")).isZero();
        });
    }
}
