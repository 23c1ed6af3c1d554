package io.quarkiverse.eventstream.it.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DemoStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Test
    void deliversChatMessagesPostedOverHttp() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/chat"))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            given().contentType("application/json").body("{\"author\":\"ann\",\"text\":\"hello\\nworld\"}")
                    .post("/demo/messages").then().statusCode(200);
            List<String> event = stream.nextOfType("message", WAIT);
            assertThat(event).hasSize(2);
            assertThat(event.get(1)).startsWith("data: {\"author\":\"ann\",\"text\":\"hello\\nworld\",\"at\":\"");
        }
    }

    @Test
    void streamsTheClockWithoutAnyoneTyping() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events?channel=clock"))) {
            assertThat(stream.nextOfType("tick", WAIT).get(1)).startsWith("data: {\"time\":\"");
        }
    }

    @Test
    void servesTheDemoPage() {
        given().get("/").then().statusCode(200).body(containsString("new EventSource('/events?channel=chat&channel=clock')"));
    }
}
