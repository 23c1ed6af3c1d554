package io.quarkiverse.eventstream.it.orm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HibernateOrmStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Test
    void replaysFromTheDatabaseAfterTheCursorThenGoesLive() throws Exception {
        publish("db-resume", "a");
        String cursor = cursor("db-resume");
        publish("db-resume", "b");
        publish("db-resume", "c");
        try (LineStream stream = LineStream.open(base.resolve("/events/db-resume"), "Last-Event-ID", cursor)) {
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: b");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: c");
            publish("db-resume", "d");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: d");
            assertThat(stream.lastId()).isEqualTo(cursor("db-resume"));
        }
    }

    @Test
    void replaysSeveralChannelsFromOneQueryParameterCursor() throws Exception {
        publish("db-x", "x1");
        publish("db-y", "y1");
        String cursor = cursor("db-x", "db-y");
        publish("db-y", "y2");
        publish("db-x", "x2");
        String url = "/events?channel=db-x&channel=db-y&lastEventId=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        try (LineStream stream = LineStream.open(base.resolve(url))) {
            stream.nextBlock(WAIT);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: x2");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: y2");
        }
    }

    @Test
    void replaysMoreThanTenThousandMissedEventsExactlyOnceInOrder() throws Exception {
        publish("db-many", "0");
        String cursor = cursor("db-many");
        // in requests of 500, so a slow database never runs into the HTTP client's read timeout
        for (int from = 1; from <= 10_500; from += 500) {
            given().post("/test/publish-many/db-many?count=500&from=" + from).then().statusCode(200);
        }
        try (LineStream stream = LineStream.open(base.resolve("/events/db-many"), "Last-Event-ID", cursor)) {
            stream.nextBlock(WAIT);
            for (int i = 1; i <= 10_500; i++) {
                assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: " + i);
            }
            publish("db-many", "live");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: live");
        }
    }

    @Test
    void aStalledClientCatchesUpFromTheDatabaseWithoutLoss() throws Exception {
        String payload = "z".repeat(32 * 1024);
        try (LineStream stream = LineStream.open(base.resolve("/events/db-stalled"))) {
            stream.nextBlock(WAIT);
            // the test reads nothing while 200 x 32 KiB are published: the queue of 5 overflows
            for (int i = 1; i <= 200; i++) {
                given().contentType("text/plain").body(i + ":" + payload).post("/test/publish/db-stalled").then()
                        .statusCode(200);
            }
            for (int i = 1; i <= 200; i++) {
                assertThat(stream.nextOfType("message", WAIT).get(1)).startsWith("data: " + i + ":");
            }
        }
    }

    @Test
    void resetsPurgedUnknownAndFutureCursors() throws Exception {
        given().post("/test/publish-many/db-purged?count=10").then().statusCode(200);
        String early = cursor("db-purged").replaceAll("~10$", "~2");
        given().post("/test/age/db-purged?count=6&seconds=7200").then().statusCode(200);
        assertThat(given().post("/test/purge").asString()).isEqualTo("6");
        assertThat(given().get("/test/rows/db-purged").asString()).isEqualTo("4");
        String current = cursor("db-purged");
        String future = current.replaceAll("~10$", "~11");
        String otherEpoch = "abc" + current.substring(current.indexOf('.'));
        for (String id : new String[] { early, future, otherEpoch }) {
            try (LineStream stream = LineStream.open(base.resolve("/events/db-purged"), "Last-Event-ID", id)) {
                stream.nextBlock(WAIT);
                assertThat(stream.nextBlock(WAIT)).as(id)
                        .containsExactly("event: stream-reset", "data: {\"channels\":[\"db-purged\"]}");
                assertThat(stream.lastId()).isEqualTo(current);
            }
        }
        // a cursor just before the oldest kept event still replays
        String recoverable = current.replaceAll("~10$", "~6");
        try (LineStream stream = LineStream.open(base.resolve("/events/db-purged"), "Last-Event-ID", recoverable)) {
            stream.nextBlock(WAIT);
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: 7");
        }
    }

    @Test
    void purgesOldRowsInBatchesAndKeepsRecentOnes() {
        given().post("/test/publish-many/db-batches?count=30").then().statusCode(200);
        given().post("/test/age/db-batches?count=23&seconds=7200").then().statusCode(200);
        // batches of 7: 7 + 7 + 7 + 2
        assertThat(given().post("/test/purge").asString()).isEqualTo("23");
        assertThat(given().get("/test/rows/db-batches").asString()).isEqualTo("7");
        assertThat(given().post("/test/purge").asString()).isEqualTo("0");
    }

    @Test
    void aRolledBackTransactionPublishesNothing() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/orders"))) {
            stream.nextBlock(WAIT);
            given().post("/orders/refused?fail=true").then().statusCode(500);
            given().post("/orders/accepted").then().statusCode(200);
            List<String> event = stream.nextOfType("order-created", WAIT);
            assertThat(event.get(1)).contains("\"item\":\"accepted\"");
        }
        assertThat(given().get("/orders/count/refused").asString()).isEqualTo("0");
        // a new stream replaying the whole channel sees no trace of the refused order either
        String start = cursor("orders").replaceAll("~\\d+$", "~0");
        try (LineStream replay = LineStream.open(base.resolve("/events/orders"), "Last-Event-ID", start)) {
            replay.nextBlock(WAIT);
            List<String> event = replay.nextOfType("order-created", WAIT);
            assertThat(String.join("\n", event)).doesNotContain("refused");
        }
    }

    @Test
    void aTransactionMarkedForRollbackDeliversNothingAndCostsNoLaterEvent() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/orders"))) {
            stream.nextBlock(WAIT);
            given().post("/orders/doomed/ghost").then().statusCode(anyOf(is(204), is(500)));
            given().post("/orders/real").then().statusCode(200);
            List<String> event = stream.nextOfType("order-created", WAIT);
            assertThat(String.join("\n", event)).contains("\"item\":\"real\"").doesNotContain("ghost");
        }
        assertThat(given().get("/orders/count/ghost").asString()).isEqualTo("0");
    }

    @Test
    void deliversAnEventOnlyOnceItsTransactionCommits() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/orders"))) {
            stream.nextBlock(WAIT);
            CompletableFuture<Integer> held = CompletableFuture
                    .supplyAsync(() -> given().post("/orders/held/slow").statusCode());
            // the order is written and its event published, but the transaction stays open
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !held.isDone() && heldCount() == 0);
            assertThat(stream.pollBlock(Duration.ofMillis(700))).isNull();
            given().post("/orders/release").then().statusCode(204);
            assertThat(held.get(20, TimeUnit.SECONDS)).isEqualTo(204);
            assertThat(stream.nextOfType("order-created", WAIT).get(1)).contains("\"item\":\"slow\"");
        }
    }

    @Test
    void concurrentFirstPublishesToANewChannelAllSucceedWithDistinctPositions() throws Exception {
        for (int round = 0; round < 5; round++) {
            String channel = "db-new-" + round;
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return given().contentType("text/plain").body("x").post("/test/publish/" + channel).then()
                            .statusCode(200).extract().asString();
                }, Executors.newCachedThreadPool()));
            }
            go.countDown();
            List<String> positions = new ArrayList<>();
            for (CompletableFuture<String> result : results) {
                positions.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(positions).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    @Test
    void concurrentPublishersShareCommitsAndAStreamSeesEveryEventOnceInOrder() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/db-hot"))) {
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                // eight publishers on one channel, four on channels of their own, none in a transaction
                for (int t = 0; t < 12; t++) {
                    String path = t < 8 ? "/test/publish-many/db-hot?count=50&from=" + (t * 1000)
                            : "/test/publish-many/db-cold-" + t + "?count=50";
                    done.add(CompletableFuture.runAsync(() -> given().post(path).then().statusCode(200), pool));
                }
                Set<String> seen = new HashSet<>();
                long last = 0;
                for (int i = 0; i < 400; i++) {
                    List<String> event = stream.nextOfType("message", WAIT);
                    assertThat(seen.add(event.get(1))).as("delivered once: %s", event).isTrue();
                    long position = Long.parseLong(stream.lastId().substring(stream.lastId().lastIndexOf('~') + 1));
                    assertThat(position).isEqualTo(last + 1);
                    last = position;
                }
                for (CompletableFuture<Void> d : done) {
                    d.get(60, TimeUnit.SECONDS);
                }
                for (int t = 0; t < 8; t++) {
                    for (int i = 0; i < 50; i++) {
                        assertThat(seen).contains("data: " + (t * 1000 + i));
                    }
                }
                assertThat(stream.pollBlock(Duration.ofMillis(300))).isNull();
            } finally {
                pool.shutdownNow();
            }
        }
        for (int t = 8; t < 12; t++) {
            assertThat(cursor("db-cold-" + t)).endsWith("~50");
        }
    }

    @Test
    void commitsSharedAcrossManyNewChannelsGiveEachChannelEveryPositionOnce() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/db-wide-0"))) {
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            ExecutorService pool = Executors.newFixedThreadPool(24);
            try {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                // two publishers on each of twelve channels none of which has a counter row yet
                for (int t = 0; t < 24; t++) {
                    String path = "/test/publish-many/db-wide-" + (t % 12) + "?count=25&from=" + (t * 1000);
                    done.add(CompletableFuture.runAsync(() -> given().post(path).then().statusCode(200), pool));
                }
                for (CompletableFuture<Void> d : done) {
                    d.get(60, TimeUnit.SECONDS);
                }
                Set<String> seen = new HashSet<>();
                for (int i = 1; i <= 50; i++) {
                    List<String> event = stream.nextOfType("message", WAIT);
                    assertThat(seen.add(event.get(1))).as("delivered once: %s", event).isTrue();
                    assertThat(stream.lastId()).endsWith("~" + i);
                }
                assertThat(stream.pollBlock(Duration.ofMillis(300))).isNull();
            } finally {
                pool.shutdownNow();
            }
        }
        for (int c = 0; c < 12; c++) {
            assertThat(cursor("db-wide-" + c)).endsWith("~50");
        }
    }

    private long heldCount() {
        return Long.parseLong(given().get("/orders/count/slow").asString());
    }

    private static void publish(String channel, String body) {
        given().contentType("text/plain").body(body).post("/test/publish/" + channel).then().statusCode(200);
    }

    private static String cursor(String... channels) {
        var request = given();
        for (String channel : channels) {
            request.queryParam("channel", channel);
        }
        return request.get("/test/cursor").asString();
    }
}
