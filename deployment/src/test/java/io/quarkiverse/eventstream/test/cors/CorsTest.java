package io.quarkiverse.eventstream.test.cors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class CorsTest extends EventStreamTestApp {

    private static final String APP = "https://app.example.com";

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.cors.origins", APP + ",https://other.example.com")
            .overrideConfigKey("quarkus.eventstream.cors.credentials", "true")
            .overrideConfigKey("quarkus.eventstream.cors.headers", "Authorization")
            .overrideConfigKey("quarkus.eventstream.cors.max-age", "10m")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.path", "/rooms/{room}")
            .overrideConfigKey("quarkus.eventstream.endpoints.rooms.channels", "room-{room}");

    @Test
    void answersPreflightForAListedOrigin() throws Exception {
        for (String path : new String[] { "/events/news", "/events", "/rooms/1" }) {
            try (SseTestClient client = SseTestClient.request("OPTIONS", base, path, "Origin", APP,
                    "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "last-event-id")) {
                assertThat(client.status()).as(path).isEqualTo(204);
                assertThat(client.header("Access-Control-Allow-Origin")).isEqualTo(APP);
                assertThat(client.header("Vary")).isEqualTo("Origin");
                assertThat(client.header("Access-Control-Allow-Credentials")).isEqualTo("true");
                assertThat(client.header("Access-Control-Allow-Methods")).isEqualTo("GET");
                assertThat(client.header("Access-Control-Allow-Headers"))
                        .isEqualTo("Last-Event-ID, Cache-Control, Accept, Authorization");
                assertThat(client.header("Access-Control-Max-Age")).isEqualTo("600");
            }
        }
    }

    @Test
    void addsCorsHeadersToStreamsAndErrorsOfListedOrigins() throws Exception {
        try (SseTestClient client = open("/events/news", "Origin", APP)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(client.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(client.header("Vary")).isEqualTo("Origin");
        }
        try (SseTestClient client = open("/events", "Origin", APP)) {
            assertThat(client.status()).isEqualTo(400);
            assertThat(client.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            client.body(Duration.ofSeconds(10));
        }
    }

    @Test
    void sendsNoCorsHeadersToUnlistedOrigins() throws Exception {
        try (SseTestClient client = SseTestClient.request("OPTIONS", base, "/events/news", "Origin",
                "https://evil.example.com", "Access-Control-Request-Method", "GET")) {
            assertThat(client.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        }
        try (SseTestClient client = open("/events/news", "Origin", "https://app.example.com.evil")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        }
    }
}
