package io.quarkiverse.eventstream.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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
            assertThat(stream.response().headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            given().contentType("application/json").body("{\"author\":\"ann\",\"text\":\"hello\\nworld\"}")
                    .post("/demo/messages").then().statusCode(200);
            List<String> event = stream.nextOfType("message", WAIT);
            assertThat(event).hasSize(2);
            assertThat(event.get(1)).startsWith("data: {\"author\":\"ann\",\"text\":\"hello\\nworld\",\"at\":\"");
        }
    }

    @Test
    void resumesFromTheLastEventIdAfterAReconnect() throws Exception {
        String lastSeen;
        try (LineStream stream = LineStream.open(base.resolve("/events/resume"))) {
            stream.nextBlock(WAIT);
            given().contentType("text/plain").body("one").post("/demo/publish/resume").then().statusCode(204);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: one");
            lastSeen = stream.lastId();
        }
        for (String text : new String[] { "two", "three" }) {
            given().contentType("text/plain").body(text).post("/demo/publish/resume").then().statusCode(204);
        }
        try (LineStream stream = LineStream.open(base.resolve("/events/resume"), "Last-Event-ID", lastSeen)) {
            stream.nextBlock(WAIT);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: two");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: three");
        }
    }

    @Test
    void streamsTheClockWithoutAnyoneTyping() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events?channel=clock"))) {
            assertThat(stream.nextOfType("tick", WAIT).get(1)).startsWith("data: {\"time\":\"");
        }
    }

    @Test
    void publishesRawEventsThroughTheConfiguredRoomEndpoint() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/rooms/7/events"))) {
            stream.nextBlock(WAIT);
            given().contentType("text/plain").body("<li>line 1</li>\r\n<li>line 2</li>")
                    .post("/demo/publish/room-7?type=fragment").then().statusCode(204);
            assertThat(stream.nextOfType("fragment", WAIT))
                    .containsExactly("event: fragment", "data: <li>line 1</li>", "data: <li>line 2</li>");
        }
    }

    @Test
    void streamsChannelsAnApplicationResourceComputes() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/demo/rooms/9/with-chat"))) {
            stream.nextBlock(WAIT);
            given().contentType("text/plain").body("in room 9").post("/demo/publish/room-9").then().statusCode(204);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: in room 9");
        }
    }

    @Test
    void releasesTheSubscriptionWhenTheClientGoesAway() throws Exception {
        LineStream stream = LineStream.open(base.resolve("/events/leaving"));
        stream.nextBlock(WAIT);
        given().get("/demo/subscribers/leaving").then().body(containsString("1"));
        stream.close();
        await().atMost(WAIT).until(() -> given().get("/demo/subscribers/leaving").asString().equals("0"));
    }

    @Test
    void refusesInvalidRequestsWithJson() {
        given().get("/events?channel=" + "x".repeat(200)).then().statusCode(400)
                .contentType("application/json").body("error", org.hamcrest.Matchers.equalTo("invalid-channel"));
        given().contentType("text/plain").body("x").queryParam("type", "bad\ntype").post("/demo/publish/chat").then()
                .statusCode(400);
    }

    @Test
    void servesTheDemoPage() {
        given().get("/").then().statusCode(200).body(containsString("new EventSource('/events?channel=chat&channel=clock')"));
    }
}
