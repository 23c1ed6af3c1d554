package io.quarkiverse.eventstream.it.security;

import static io.quarkiverse.eventstream.it.security.Clients.WAIT;
import static io.quarkiverse.eventstream.it.security.Clients.bearer;
import static io.quarkiverse.eventstream.it.security.Clients.jwt;
import static io.quarkiverse.eventstream.it.security.Clients.publish;
import static io.quarkiverse.eventstream.it.security.Clients.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/**
 * Streams held by a real Pushpin, with the application's own authentication: credentials go to the application with
 * the first request only, and a held stream still ends when its token expires, as a direct one does.
 */
@QuarkusTest
@WithTestResource(JwtKeys.class)
@WithTestResource(PushpinProxy.class)
class GripStreamsTest {

    @Test
    void aHeldStreamEndsWhenItsTokenExpires() throws Exception {
        String token = Jwt.upn("carol").groups("user").issuer(JwtKeys.ISSUER).expiresIn(3).sign();
        long opened = System.nanoTime();
        try (LineStream stream = LineStream.open(PushpinProxy.pushpin.uri("/events/user-carol"), "Authorization",
                bearer(token))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            publish("user-carol", "held for carol");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: held for carol");
            List<String> error = stream.nextOfType("stream-error", Duration.ofSeconds(15));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - opened);
            assertThat(error).containsExactly("event: stream-error",
                    "data: {\"condition\":\"expired\",\"message\":\"The credentials of this stream expired\","
                            + "\"channels\":[\"user-carol\"]}");
            // exp has a precision of one second, and the proxy is told a second after it
            assertThat(elapsed).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
            assertThat(stream.awaitEnd(WAIT)).isTrue();
        }
    }

    @Test
    void refusalsThroughTheProxyAreTheSameAsDirect() throws Exception {
        HttpResponse<String> dave = refused(PushpinProxy.pushpin.uri("/events/user-carol"), "Authorization",
                bearer(jwt("dave", "user")));
        assertThat(dave.statusCode()).isEqualTo(403);
        assertThat(dave.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"Not allowed to read user-carol\","
                + "\"channels\":[\"user-carol\"]}");
        HttpResponse<String> anonymous = refused(PushpinProxy.pushpin.uri("/events/user-carol"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
