package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class MethodNotAllowedTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}/events")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{room}");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "POST, /events/news", "PUT, /events/news", "PATCH, /events/news", "DELETE, /events/news",
            "TRACE, /events/news", "PROPFIND, /events/news", "POST, /events?channel=news", "DELETE, /events",
            "POST, /rooms/1/events", "FROB, /rooms/1/events", "HEAD, /events/news", "HEAD, /rooms/1/events" })
    void answersEveryOtherMethodWith405AndAllow(String method, String path) throws Exception {
        try (SseTestClient client = SseTestClient.request(method, base, path, "Content-Length", "0")) {
            assertThat(client.status()).isEqualTo(405);
            assertThat(client.header("Allow")).isEqualTo("GET, OPTIONS");
            if (!method.equals("HEAD")) {
                assertThat(client.body(Duration.ofSeconds(10))).isEqualTo(
                        "{\"error\":\"method-not-allowed\",\"message\":\"Event streams answer GET and OPTIONS only\"}");
            }
        }
    }
}
