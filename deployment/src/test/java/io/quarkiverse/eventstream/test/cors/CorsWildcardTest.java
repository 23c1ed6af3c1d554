package io.quarkiverse.eventstream.test.cors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class CorsWildcardTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class))
            .overrideConfigKey("quarkus.eventstream.cors.origins", "*,https://trusted.example.com")
            .overrideConfigKey("quarkus.eventstream.cors.credentials", "true");

    @TestHTTPResource("/")
    URL base;

    @Test
    void allowsAnyOriginButLendsCredentialsOnlyToListedOnes() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events/news", "Origin", "https://anyone.example.org")) {
            assertThat(client.header("Access-Control-Allow-Origin")).isEqualTo("https://anyone.example.org");
            assertThat(client.header("Access-Control-Allow-Credentials")).isNull();
        }
        try (SseTestClient client = SseTestClient.get(base, "/events/news", "Origin", "https://trusted.example.com")) {
            assertThat(client.header("Access-Control-Allow-Origin")).isEqualTo("https://trusted.example.com");
            assertThat(client.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        }
    }
}
