package io.quarkiverse.eventstream.it.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

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
            long id = given().contentType("application/json").body("{\"author\":\"ann\",\"text\":\"hello\\nworld\"}")
                    .post("/demo/messages").then().statusCode(200).extract().jsonPath().getLong("id");
            List<String> event = stream.nextOfType("message", WAIT);
            assertThat(event).hasSize(2);
            assertThat(stream.lastId()).isNotEmpty();
            assertThat(event.get(1))
                    .startsWith("data: {\"id\":" + id + ",\"author\":\"ann\",\"text\":\"hello\\nworld\",\"at\":\"");
        }
    }

    @Test
    void listsTheLastChatMessagesOldestFirst() {
        for (String text : List.of("first", "second")) {
            given().contentType("application/json").body("{\"author\":\"bob\",\"text\":\"" + text + "\"}")
                    .post("/demo/messages").then().statusCode(200);
        }
        JsonPath history = given().get("/demo/messages").then().statusCode(200).extract().jsonPath();
        List<String> texts = history.getList("text");
        assertThat(texts).endsWith("first", "second");
        List<Long> ids = history.getList("id", Long.class);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void streamsTheClockWithoutAnyoneTyping() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events?channel=clock"))) {
            assertThat(stream.nextOfType("tick", WAIT).get(1)).startsWith("data: {\"time\":\"");
        }
    }

    @Test
    void rendersThePageWithTheCursorOfNow() {
        given().get("/").then().statusCode(200)
                .header("content-type", containsString("text/html"))
                .body(matchesPattern("(?s).*<body data-cursor=\"[A-Za-z0-9]+\\.[A-Za-z0-9_-]{7}~\\d+\\.[A-Za-z0-9_-]{7}~\\d+\""
                        + " data-private-cursor=\"[A-Za-z0-9]+\\.[A-Za-z0-9_-]{7}~\\d+\">.*"))
                .body(containsString("<script type=\"module\" src=\"/demo.js\"></script>"));
        given().get("/demo.js").then().statusCode(200)
                .body(containsString("import { EventStream } from '/eventstream/client.js';"));
        given().get("/eventstream/client.js").then().statusCode(200)
                .header("content-type", containsString("javascript"))
                .body(containsString("export class EventStream"));
    }

    @Test
    void servesTheVendoredHtmxPair() {
        given().get("/vendor/htmx.org/2.0.11/htmx.min.js").then().statusCode(200).body(containsString("version:\"2.0.11\""));
        given().get("/vendor/htmx-ext-sse/2.2.4/sse.js").then().statusCode(200)
                .body(containsString("htmx.defineExtension('sse'"));
    }

    @Test
    void privateChannelNeedsTheDemoToken() throws Exception {
        given().header("Accept", "text/event-stream").get("/events?channel=private").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().header("Accept", "text/event-stream").header("Authorization", "Bearer guest-token")
                .get("/events?channel=private").then().statusCode(403);
        given().header("Accept", "text/event-stream").header("Authorization", "Bearer not-a-demo-token")
                .get("/events?channel=private").then().statusCode(401);
        try (LineStream stream = LineStream.open(base.resolve("/events?channel=private"), "Authorization",
                "Bearer demo-token")) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            given().contentType("text/plain").body("psst").post("/demo/publish/private?type=secret").then().statusCode(204);
            assertThat(stream.nextOfType("secret", WAIT)).endsWith("data: psst");
        }
    }

    @Test
    void publishesEscapedHtmlFragmentsForHtmx() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events?channel=fragments"))) {
            assertThat(stream.nextBlock(WAIT)).containsExactly("event: stream-open", "data:");
            given().contentType("application/x-www-form-urlencoded").formParam("text", "<b>hi</b> & bye")
                    .post("/demo/fragments").then().statusCode(204);
            String data = stream.nextOfType("fragment", WAIT).get(1);
            assertThat(data).matches(
                    "data: <li class=\"fragment\"><time>\\d\\d:\\d\\d(:\\d\\d)?</time> &lt;b&gt;hi&lt;/b&gt; &amp; bye</li>");
        }
    }
}
