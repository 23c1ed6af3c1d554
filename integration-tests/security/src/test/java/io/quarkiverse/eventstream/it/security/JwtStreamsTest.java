package io.quarkiverse.eventstream.it.security;

import static io.quarkiverse.eventstream.it.security.Clients.WAIT;
import static io.quarkiverse.eventstream.it.security.Clients.bearer;
import static io.quarkiverse.eventstream.it.security.Clients.jwt;
import static io.quarkiverse.eventstream.it.security.Clients.publish;
import static io.quarkiverse.eventstream.it.security.Clients.refused;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/**
 * JWTs, in the {@code Authorization} header (smallrye-jwt) and in the {@code access_token} query parameter
 * ({@link QueryTokenAuthMechanism}).
 */
@QuarkusTest
@WithTestResource(JwtKeys.class)
class JwtStreamsTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void noStreamsLeft() {
        Clients.awaitNoOpenStreams();
    }

    @Test
    void bearerTokensOpenTheChannelsOfTheirPrincipal() throws Exception {
        // ?mine=true adds user-carol to the team channel the request names
        try (LineStream stream = LineStream.open(base.resolve("/events?channel=team-red&mine=true"), "Authorization",
                bearer(jwt("carol", "user")))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            assertThat(given().get("/streams/subscribers/user-carol").asString()).isEqualTo("1");
            publish("user-carol", "for carol");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: for carol");
            publish("team-red", "for the red team");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: for the red team");
        }

        HttpResponse<String> dave = refused(base.resolve("/events/user-carol"), "Authorization",
                bearer(jwt("dave", "user")));
        assertThat(dave.statusCode()).isEqualTo(403);
        assertThat(dave.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"Not allowed to read user-carol\","
                + "\"channels\":[\"user-carol\"]}");

        // groups become roles: a token with the admin group reads admins
        try (LineStream stream = LineStream.open(base.resolve("/events/admins"), "Authorization",
                bearer(jwt("erin", "admin")))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badTokensAreRefusedByQuarkusBeforeTheExtension() throws Exception {
        for (String token : List.of(Clients.expiredJwt("carol"), Clients.foreignJwt("carol"),
                Jwt.upn("carol").issuer("https://elsewhere.test").expiresIn(300).sign(), "not-a-jwt")) {
            HttpResponse<String> response = refused(base.resolve("/events/user-carol"), "Authorization",
                    bearer(token));
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            // no JSON body: the extension never saw the request
            assertThat(response.body()).as(token).doesNotContain("\"error\"");
        }
    }

    @Test
    void queryTokensAuthenticateEventSourceRequests() throws Exception {
        try (LineStream stream = LineStream.open(
                base.resolve("/events/user-carol?access_token=" + jwt("carol", "user")))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            publish("user-carol", "carol by query token");
            assertThat(stream.nextOfType("message", WAIT))
                    .containsExactly("event: message", "data: carol by query token");
        }

        HttpResponse<String> dave = refused(base.resolve("/events/user-carol?access_token=" + jwt("dave", "user")));
        assertThat(dave.statusCode()).isEqualTo(403);
        assertThat(dave.body()).contains("\"channels\":[\"user-carol\"]");

        HttpResponse<String> expired = refused(
                base.resolve("/events/user-carol?access_token=" + Clients.expiredJwt("carol")));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(expired.body()).doesNotContain("\"error\"");

        // only the event stream path reads tokens from the URL
        assertThat(given().queryParam("access_token", jwt("carol", "user")).get("/whoami").asString())
                .isEqualTo("anonymous");
        assertThat(given().header("Authorization", bearer(jwt("carol", "user"))).get("/whoami").asString())
                .isEqualTo("carol");
    }

    @Test
    void streamsEndWhenTheirTokenExpires() throws Exception {
        String token = Jwt.upn("carol").groups("user").issuer(JwtKeys.ISSUER).expiresIn(3).sign();
        long opened = System.nanoTime();
        try (LineStream stream = LineStream.open(base.resolve("/events/user-carol"), "Authorization",
                bearer(token))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            List<String> error = stream.nextOfType("stream-error", WAIT);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - opened);
            assertThat(error).containsExactly("event: stream-error",
                    "data: {\"condition\":\"expired\",\"message\":\"The credentials of this stream expired\","
                            + "\"channels\":[\"user-carol\"]}");
            // exp has a precision of one second
            assertThat(elapsed).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
            assertThat(stream.awaitEnd(WAIT)).isTrue();
        }
    }
}
