package io.quarkiverse.eventstream.test.cors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class CorsWildcardTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.cors.origins", "*,https://trusted.example.com")
            .overrideConfigKey("quarkus.eventstream.cors.credentials", "true");

    @Test
    void allowsAnyOriginButLendsCredentialsOnlyToListedOnes() throws Exception {
        try (SseTestClient client = open("/events/news", "Origin", "https://anyone.example.org")) {
            assertThat(client.header("Access-Control-Allow-Origin")).isEqualTo("https://anyone.example.org");
            assertThat(client.header("Access-Control-Allow-Credentials")).isNull();
        }
        try (SseTestClient client = open("/events/news", "Origin", "https://trusted.example.com")) {
            assertThat(client.header("Access-Control-Allow-Origin")).isEqualTo("https://trusted.example.com");
            assertThat(client.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        }
    }
}
