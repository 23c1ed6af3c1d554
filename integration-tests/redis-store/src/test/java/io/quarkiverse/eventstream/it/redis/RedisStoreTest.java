package io.quarkiverse.eventstream.it.redis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkiverse.eventstream.runtime.store.EventPurgeJob;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The {@code redis} store in a running application: replay over HTTP, and the purge job.
 */
@QuarkusTest
@WithTestResource(RedisKeyPrefix.class)
class RedisStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Inject
    EventPurgeJob purgeJob;

    @Inject
    EventStore store;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = RedisKeyPrefix.PROPERTY)
    String prefix;

    @Test
    void replaysEventsAfterLastEventIdFromRedisThenGoesLive() throws Exception {
        String channel = "redis-resume-" + UUID.randomUUID();
        publish(channel, "a");
        String cursor = cursor(channel);
        publish(channel, "b");
        publish(channel, "line one\nline two");
        try (LineStream stream = LineStream.open(base.resolve("/events/" + channel), "Last-Event-ID", cursor)) {
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: b");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: line one",
                    "data: line two");
            publish(channel, "d");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: d");
            assertThat(stream.lastId()).isEqualTo(cursor(channel)).endsWith("~4");
        }
    }

    @Test
    void purgeJobDeletesEventsOlderThanTheRetentionInBatches() throws Exception {
        String channel = "redis-purge-" + UUID.randomUUID();
        for (int i = 1; i <= 30; i++) {
            publish(channel, Integer.toString(i));
        }
        age(channel, 23, Duration.ofHours(2));
        // max-age is 1h, batches of 7: 7 + 7 + 7 + 2
        assertThat(purgeJob.purge()).isEqualTo(23);
        assertThat(store.oldestPosition(channel)).isEqualTo(24);
        assertThat(store.readAfter(channel, 0, 100)).hasSize(7);
        assertThat(purgeJob.purge()).isZero();

        // a client whose cursor points at purged events is told to reset
        String current = cursor(channel);
        try (LineStream stream = LineStream.open(base.resolve("/events/" + channel), "Last-Event-ID",
                current.replaceAll("~30$", "~2"))) {
            stream.nextBlock(WAIT);
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-reset",
                    "data: {\"channels\":[\"" + channel + "\"]}");
            assertThat(stream.lastId()).isEqualTo(current);
        }
        // one just before the oldest kept event still replays
        try (LineStream stream = LineStream.open(base.resolve("/events/" + channel), "Last-Event-ID",
                current.replaceAll("~30$", "~23"))) {
            stream.nextBlock(WAIT);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: 24");
        }
    }

    /** Moves the creation time of a channel's first {@code count} events into the past, in the purge's index. */
    private void age(String channel, int count, Duration age) {
        String timeKey = "{" + prefix + "}:time";
        double past = Instant.now().minus(age).toEpochMilli();
        for (int position = 1; position <= count; position++) {
            String member = channel + "\n" + position;
            assertThat(redis.sortedSet(String.class).zscore(timeKey, member)).as(member).isPresent();
            redis.sortedSet(String.class).zadd(timeKey, past, member);
        }
    }

    private static void publish(String channel, String body) {
        given().contentType("text/plain").body(body).post("/test/publish/" + channel).then().statusCode(200);
    }

    private static String cursor(String channel) {
        return given().queryParam("channel", channel).get("/test/cursor").asString();
    }
}
