package io.quarkiverse.eventstream.it.security;

import static io.quarkiverse.eventstream.it.security.Clients.WAIT;
import static io.quarkiverse.eventstream.it.security.Clients.alice;
import static io.quarkiverse.eventstream.it.security.Clients.bob;
import static io.quarkiverse.eventstream.it.security.Clients.publish;
import static io.quarkiverse.eventstream.it.security.Clients.refused;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Permissions withdrawn while streams are open, and the per-identity stream limit
 * ({@code quarkus.eventstream.max-streams-per-identity=3}).
 */
@QuarkusTest
@WithTestResource(JwtKeys.class)
class RevocationAndLimitsTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void noStreamsLeft() {
        Clients.awaitNoOpenStreams();
    }

    @Test
    void removingAMemberClosesOnlyTheirStream() throws Exception {
        try (LineStream aliceStream = LineStream.open(base.resolve("/events/team-blue"), "Authorization", alice());
                LineStream bobStream = LineStream.open(base.resolve("/events/team-blue"), "Authorization", bob())) {
            assertThat(aliceStream.nextBlock(WAIT)).contains("event: stream-open");
            assertThat(bobStream.nextBlock(WAIT)).contains("event: stream-open");

            String closed = given().queryParam("user", "bob").queryParam("channel", "team-blue")
                    .post("/membership/remove").then().statusCode(200).extract().asString();
            assertThat(closed).isEqualTo("1");

            assertThat(bobStream.nextOfType("stream-error", WAIT)).containsExactly("event: stream-error",
                    "data: {\"condition\":\"forbidden\",\"message\":\"Permission to read team-blue was withdrawn\","
                            + "\"channels\":[\"team-blue\"]}");
            assertThat(bobStream.awaitEnd(WAIT)).isTrue();

            publish("team-blue", "still for alice");
            assertThat(aliceStream.nextOfType("message", WAIT)).containsExactly("event: message", "data: still for alice");
        }

        HttpResponse<String> again = refused(base.resolve("/events/team-blue"), "Authorization", bob());
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"Not allowed to read team-blue\","
                + "\"channels\":[\"team-blue\"]}");
        // other team channels are untouched
        try (LineStream other = LineStream.open(base.resolve("/events/team-green"), "Authorization", bob())) {
            assertThat(other.response().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void limitsTheConcurrentStreamsOfOneIdentity() throws Exception {
        try (LineStream first = LineStream.open(base.resolve("/events/limit-1"), "Authorization", bob());
                LineStream second = LineStream.open(base.resolve("/events/limit-2"), "Authorization", bob());
                LineStream third = LineStream.open(base.resolve("/events/limit-3"), "Authorization", bob())) {
            for (LineStream stream : new LineStream[] { first, second, third }) {
                assertThat(stream.response().statusCode()).isEqualTo(200);
                assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            }

            HttpResponse<String> fourth = refused(base.resolve("/events/limit-4"), "Authorization", bob());
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(fourth.body()).startsWith("{\"error\":\"too-many-streams\"");

            // the limit counts per identity
            try (LineStream forAlice = LineStream.open(base.resolve("/events/limit-4"), "Authorization", alice())) {
                assertThat(forAlice.response().statusCode()).isEqualTo(200);
            }

            // a closed stream gives its place back once the server notices
            third.close();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                try (LineStream retry = LineStream.open(base.resolve("/events/limit-4"), "Authorization", bob())) {
                    assertThat(retry.response().statusCode()).isEqualTo(200);
                }
            });
        }
    }
}
