package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class BuiltInEndpointDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class))
            .overrideConfigKey("quarkus.eventstream.built-in-endpoint", "false")
            .overrideConfigKey("quarkus.eventstream.endpoints.feed.path", "/feed/{channel}");

    @TestHTTPResource("/")
    URL base;

    @Test
    void servesOnlyTheConfiguredEndpoints() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events/news")) {
            assertThat(client.status()).isEqualTo(404);
        }
        try (SseTestClient client = SseTestClient.get(base, "/feed/news")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.next(Duration.ofSeconds(10)).type()).isEqualTo("stream-open");
        }
    }
}
