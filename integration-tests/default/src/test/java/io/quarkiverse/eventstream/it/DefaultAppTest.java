package io.quarkiverse.eventstream.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DefaultAppTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Test
    void resumesFromTheLastEventIdAfterAReconnect() throws Exception {
        String lastSeen;
        try (LineStream stream = LineStream.open(base.resolve("/events/resume"))) {
            stream.nextBlock(WAIT);
            given().contentType("text/plain").body("one").post("/app/publish/resume").then().statusCode(204);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: one");
            lastSeen = stream.lastId();
        }
        for (String text : new String[] { "two", "three" }) {
            given().contentType("text/plain").body(text).post("/app/publish/resume").then().statusCode(204);
        }
        try (LineStream stream = LineStream.open(base.resolve("/events/resume"), "Last-Event-ID", lastSeen)) {
            stream.nextBlock(WAIT);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: two");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: three");
        }
    }

    @Test
    void publishesRawEventsThroughTheConfiguredRoomEndpoint() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/rooms/7/events"))) {
            stream.nextBlock(WAIT);
            given().contentType("text/plain").body("<li>line 1</li>\r\n<li>line 2</li>")
                    .post("/app/publish/room-7?type=fragment").then().statusCode(204);
            assertThat(stream.nextOfType("fragment", WAIT))
                    .containsExactly("event: fragment", "data: <li>line 1</li>", "data: <li>line 2</li>");
        }
    }

    @Test
    void streamsChannelsAnApplicationResourceComputes() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/app/rooms/9/with-chat"))) {
            stream.nextBlock(WAIT);
            given().contentType("text/plain").body("in room 9").post("/app/publish/room-9").then().statusCode(204);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: in room 9");
        }
    }

    @Test
    void releasesTheSubscriptionWhenTheClientGoesAway() throws Exception {
        LineStream stream = LineStream.open(base.resolve("/events/leaving"));
        stream.nextBlock(WAIT);
        given().get("/app/subscribers/leaving").then().body(containsString("1"));
        stream.close();
        await().atMost(WAIT).until(() -> given().get("/app/subscribers/leaving").asString().equals("0"));
    }

    @Test
    void runsWithTheMemoryStoreAndNoHibernateOrmOnTheClasspath() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName("org.hibernate.Session"))
                .isInstanceOf(ClassNotFoundException.class);
        try (LineStream stream = LineStream.open(base.resolve("/events/memory"))) {
            stream.nextBlock(WAIT);
            assertThat(stream.lastId()).matches("m[a-z0-9]+\\.[A-Za-z0-9_-]{7}~0");
        }
    }

    @Test
    void refusesInvalidRequestsWithJson() {
        given().get("/events?channel=" + "x".repeat(200)).then().statusCode(400)
                .contentType("application/json").body("error", org.hamcrest.Matchers.equalTo("invalid-channel"));
        given().contentType("text/plain").body("x").queryParam("type", "bad\ntype").post("/app/publish/chat").then()
                .statusCode(400);
    }

}
