package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class BuiltInEndpointDisabledTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.built-in-endpoint", "false")
            .overrideConfigKey("quarkus.eventstream.endpoints.feed.path", "/feed/{channel}");

    @Test
    void servesOnlyTheConfiguredEndpoints() throws Exception {
        try (SseTestClient client = open("/events/news")) {
            assertThat(client.status()).isEqualTo(404);
        }
        try (SseTestClient client = open("/feed/news")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.next(Duration.ofSeconds(10)).type()).isEqualTo("stream-open");
        }
    }
}
