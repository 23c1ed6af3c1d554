package io.quarkiverse.eventstream.test.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * A GRIP proxy whose control API nothing answers: {@code idle} and UP until a publish to it failed, then DOWN with
 * {@code failing: <reason>} and the items waiting for it.
 */
public class ReadinessGripProxyTest {

    @RegisterExtension
    static final QuarkusUnitTest test = HealthEndpoint
            .withHealth(new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClasses(HealthEndpoint.class)))
            .overrideConfigKey("quarkus.eventstream.grip.proxies.edge.control-uri",
                    "http://127.0.0.1:" + portWhereNothingListens());

    @TestHTTPResource("/")
    URL base;

    @Inject
    EventPublisher publisher;

    @Test
    void reportsAProxyDownOnlyOnceAPublishFailed() throws Exception {
        JsonNode before = eventstreamCheck();
        assertThat(before.path("status").asText()).as("%s", before).isEqualTo("UP");
        assertThat(before.path("data").path("grip.edge").asText()).isEqualTo("idle");
        assertThat(before.path("data").path("grip.edge.queued").asInt()).isZero();

        publisher.publishRaw("news", "message", "hello");

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode after = eventstreamCheck();
            assertThat(after.path("status").asText()).as("%s", after).isEqualTo("DOWN");
            assertThat(after.path("data").path("grip.edge").asText()).startsWith("failing: ")
                    .containsIgnoringCase("refused");
        });
        HealthEndpoint.Answer ready = HealthEndpoint.get(base, "q/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        // the address is not part of the data, only the proxy's name
        assertThat(ready.check("eventstream").path("data").toString()).doesNotContain("control");
    }

    private JsonNode eventstreamCheck() throws Exception {
        JsonNode check = HealthEndpoint.get(base, "q/health/ready").check("eventstream");
        assertThat(check).isNotNull();
        return check;
    }

    private static int portWhereNothingListens() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
