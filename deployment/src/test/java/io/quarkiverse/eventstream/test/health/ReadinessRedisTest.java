package io.quarkiverse.eventstream.test.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The {@code redis} store and the {@code redis} bus on a {@code redis-server} of the test's own: UP; the server killed,
 * DOWN (the store's {@code PING} fails, the bus is disconnected) within a bounded time; started again, UP.
 */
public class ReadinessRedisTest {

    @RegisterExtension
    static final QuarkusUnitTest test = HealthEndpoint
            .withHealth(new QuarkusUnitTest()
                    .withApplicationRoot(jar -> jar.addClasses(HealthEndpoint.class, ThrowawayRedis.class)),
                    "quarkus-redis-client-deployment")
            .setBeforeAllCustomizer(ThrowawayRedis::create)
            .setAfterAllCustomizer(ThrowawayRedis::stop)
            .overrideConfigKey("quarkus.eventstream.store", "redis")
            .overrideConfigKey("quarkus.eventstream.bus", "redis")
            .overrideConfigKey("quarkus.eventstream.health.store-timeout", "2S")
            .overrideConfigKey("quarkus.redis.hosts", "redis://127.0.0.1:${" + ThrowawayRedis.PORT + "}")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            // the Redis client's own check would make readiness DOWN too: this test reads the eventstream check alone
            .overrideConfigKey("quarkus.redis.health.enabled", "false");

    @TestHTTPResource("/")
    URL base;

    @Test
    void followsTheServerDownAndUp() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            // the bus subscribes at startup, on its own connection
            JsonNode up = eventstreamCheck();
            assertThat(up.path("status").asText()).as("%s", up).isEqualTo("UP");
            assertThat(up.path("data").path("store").asText()).isEqualTo("redis");
            assertThat(up.path("data").path("store.status").asText()).isEqualTo("up");
            assertThat(up.path("data").path("bus").asText()).isEqualTo("redis");
            assertThat(up.path("data").path("bus.connected").asBoolean()).isTrue();
        });

        ThrowawayRedis.stop();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            long start = System.nanoTime();
            JsonNode down = eventstreamCheck();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(down.path("status").asText()).as("%s", down).isEqualTo("DOWN");
            assertThat(down.path("data").path("store.status").asText()).startsWith("down: ");
            assertThat(down.path("data").path("bus.connected").asBoolean()).isFalse();
        });

        ThrowawayRedis.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode again = eventstreamCheck();
            assertThat(again.path("status").asText()).as("%s", again).isEqualTo("UP");
            assertThat(again.path("data").path("bus.connected").asBoolean()).isTrue();
        });
    }

    private JsonNode eventstreamCheck() throws Exception {
        JsonNode check = HealthEndpoint.get(base, "q/health/ready").check("eventstream");
        assertThat(check).isNotNull();
        return check;
    }
}
