package io.quarkiverse.eventstream.test.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class BuiltInEndpointTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.path", "/sse")
            .overrideConfigKey("quarkus.eventstream.max-channels", "3");

    @Test
    void servesTheConfiguredPathOnly() throws Exception {
        try (SseTestClient client = open("/sse/a")) {
            assertThat(client.status()).isEqualTo(200);
        }
        try (SseTestClient client = open("/events/a")) {
            assertThat(client.status()).isEqualTo(404);
        }
    }

    @Test
    void takesChannelNamesWithSlashesAndEncodedCharactersFromThePath() throws Exception {
        try (SseTestClient client = open("/sse/room/42%20b")) {
            client.next(WAIT);
            assertThat(streams.subscribers("room/42 b")).isEqualTo(1);
            publisher.publishRaw("room/42 b", "message", "hi");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("hi");
        }
    }

    @Test
    void mergesRepeatedQueryChannels() throws Exception {
        try (SseTestClient client = open("/sse?channel=x&channel=x&channel=&channel=y")) {
            assertThat(client.status()).isEqualTo(200);
            client.next(WAIT);
            assertThat(streams.subscribers("x")).isEqualTo(1);
            assertThat(streams.subscribers("y")).isEqualTo(1);
            publisher.publishRaw("x", "message", "once");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("once");
        }
    }

    @Test
    void answersMissingChannelsWith400() throws Exception {
        assertError("/sse", 400, "{\"error\":\"no-channel\",\"message\":\"No channel requested\"}");
        assertError("/sse?channel=", 400, "{\"error\":\"no-channel\",\"message\":\"No channel requested\"}");
    }

    @Test
    void answersTooManyChannelsWith400() throws Exception {
        try (SseTestClient client = open("/sse?channel=a&channel=b&channel=c&channel=d")) {
            assertThat(client.status()).isEqualTo(400);
            assertThat(client.header("Content-Type")).startsWith("application/json");
            assertThat(client.body(WAIT)).contains("\"error\":\"too-many-channels\"")
                    .contains("quarkus.eventstream.max-channels");
        }
    }

    @Test
    void answersInvalidChannelNamesWith400() throws Exception {
        try (SseTestClient client = open("/sse/bell%07")) {
            assertThat(client.status()).isEqualTo(400);
            assertThat(client.body(WAIT)).contains("\"error\":\"invalid-channel\"").contains("control characters")
                    .contains("\"channels\":[\"bell\\u0007\"]");
        }
        try (SseTestClient client = open("/sse?channel=" + "x".repeat(129))) {
            assertThat(client.status()).isEqualTo(400);
            assertThat(client.body(WAIT)).contains("\"error\":\"invalid-channel\"").contains("128");
        }
        try (SseTestClient client = open("/sse/" + "x".repeat(128))) {
            assertThat(client.status()).isEqualTo(200);
        }
    }

    @Test
    void answersOtherMethodsWith405() throws Exception {
        for (String method : new String[] { "POST", "PUT", "DELETE", "PATCH" }) {
            try (SseTestClient client = SseTestClient.request(method, base, "/sse/a", "Content-Length", "0")) {
                assertThat(client.status()).as(method).isEqualTo(405);
            }
        }
        for (String path : new String[] { "/sse/a", "/sse?channel=a" }) {
            try (SseTestClient client = SseTestClient.request("HEAD", base, path)) {
                assertThat(client.status()).as("HEAD " + path).isEqualTo(405);
                assertThat(client.header("Allow")).isEqualTo("GET, OPTIONS");
            }
        }
    }

    private void assertError(String path, int status, String body) throws Exception {
        try (SseTestClient client = open(path)) {
            assertThat(client.status()).isEqualTo(status);
            assertThat(client.header("Content-Type")).startsWith("application/json");
            assertThat(client.body(WAIT)).isEqualTo(body);
        }
    }
}
