package io.quarkiverse.eventstream.it.orm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A real database blip on PostgreSQL: while the application's database refuses connections, streams that open are
 * answered {@code 200} and end at once with {@code stream-error} {@code store-unavailable}, without an id, so the
 * client's reconnect resumes exactly once the database is back. Runs with the {@code postgresql} Maven profile only.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "quarkus.datasource.db-kind", matches = "postgresql")
class DatabaseBlipTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    // the application's database is "test"; the blip is made from another one, which it leaves alone
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @TestHTTPResource("/")
    URI base;

    @Test
    void streamsOpenedDuringABlipEndWithStoreUnavailableAndResumeAfterIt() throws Exception {
        publish("blip", "seen");
        String cursor = given().queryParam("channel", "blip").get("/test/cursor").asString();
        publish("blip", "missed");
        List<String> answers = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
                Statement sql = admin.createStatement()) {
            try {
                sql.execute("alter database test allow_connections false");
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'test'");
                ExecutorService clients = Executors.newFixedThreadPool(10);
                try {
                    List<Future<String>> opened = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        opened.add(clients.submit(() -> readAll(cursor)));
                    }
                    for (Future<String> answer : opened) {
                        answers.add(answer.get(60, TimeUnit.SECONDS));
                    }
                } finally {
                    clients.shutdownNow();
                }
            } finally {
                sql.execute("alter database test allow_connections true");
            }
        }
        for (String answer : answers) {
            assertThat(answer).startsWith("retry: ").doesNotContain("id:")
                    .contains("event: stream-error\ndata: {\"condition\":\"store-unavailable\"")
                    .contains("\"channels\":[\"blip\"]");
        }
        // the database is back: the same cursor resumes exactly, as soon as the pool has replaced its connections
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (LineStream stream = LineStream.open(base.resolve("/events/blip"), "Last-Event-ID", cursor)) {
                List<String> first = stream.nextBlock(WAIT);
                if (first.contains("event: stream-error") && System.nanoTime() < deadline) {
                    continue;
                }
                assertThat(first).contains("event: stream-open");
                assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: missed");
                return;
            }
        }
    }

    /** Opens a stream with {@code cursor} and returns its whole body, which ends at once during the blip. */
    private String readAll(String cursor) throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/blip"), "Last-Event-ID", cursor)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            StringBuilder body = new StringBuilder();
            List<String> block;
            while ((block = stream.pollBlock(WAIT)) != null) {
                body.append(String.join("\n", block)).append("\n\n");
                if (block.contains("event: stream-error")) {
                    break;
                }
            }
            if (stream.lastId() != null) {
                body.append("id: ").append(stream.lastId());
            }
            return body.toString();
        }
    }

    private static void publish(String channel, String body) {
        given().contentType("text/plain").body(body).post("/test/publish/" + channel).then().statusCode(200);
    }
}
