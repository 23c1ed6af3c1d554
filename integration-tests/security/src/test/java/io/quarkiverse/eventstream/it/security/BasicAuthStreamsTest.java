package io.quarkiverse.eventstream.it.security;

import static io.quarkiverse.eventstream.it.security.Clients.WAIT;
import static io.quarkiverse.eventstream.it.security.Clients.alice;
import static io.quarkiverse.eventstream.it.security.Clients.bob;
import static io.quarkiverse.eventstream.it.security.Clients.publish;
import static io.quarkiverse.eventstream.it.security.Clients.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.LineStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HTTP Basic against the embedded users: alice (role admin) and bob.
 */
@QuarkusTest
@WithTestResource(JwtKeys.class)
class BasicAuthStreamsTest {

    static final String ADMINS_FORBIDDEN = "{\"error\":\"forbidden\",\"message\":\"Not allowed to read admins\","
            + "\"channels\":[\"admins\"]}";
    static final String ADMINS_UNAUTHORIZED = "{\"error\":\"unauthorized\",\"message\":\"Not allowed to read admins\","
            + "\"channels\":[\"admins\"]}";

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void noStreamsLeft() {
        Clients.awaitNoOpenStreams();
    }

    @Test
    void onlyAdminsReadTheAdminsChannel() throws Exception {
        try (LineStream stream = LineStream.open(base.resolve("/events/admins"), "Authorization", alice())) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            publish("admins", "for admins only");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: for admins only");
        }

        HttpResponse<String> forBob = refused(base.resolve("/events/admins"), "Authorization", bob());
        assertThat(forBob.statusCode()).isEqualTo(403);
        assertThat(forBob.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(forBob.body()).isEqualTo(ADMINS_FORBIDDEN);

        HttpResponse<String> anonymous = refused(base.resolve("/events/admins"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo(ADMINS_UNAUTHORIZED);

        // wrong password: Quarkus refuses before the extension sees the request
        HttpResponse<String> wrongPassword = refused(base.resolve("/events/public"), "Authorization",
                Clients.basic("bob", "nope"));
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).doesNotContain("\"error\"");

        // the extension's 401 carries the challenge Quarkus itself sends, so a browser asks for credentials
        assertThat(wrongPassword.headers().allValues("WWW-Authenticate")).isNotEmpty();
        assertThat(anonymous.headers().allValues("WWW-Authenticate"))
                .isEqualTo(wrongPassword.headers().allValues("WWW-Authenticate"));
        // a 403 challenges nothing: the identity is known
        assertThat(forBob.headers().allValues("WWW-Authenticate")).isEmpty();
    }

    @Test
    void deniedRequestsWithACursorLeakNothing() throws Exception {
        String beforeSecret;
        try (LineStream stream = LineStream.open(base.resolve("/events/admins"), "Authorization", alice())) {
            assertThat(stream.nextBlock(WAIT)).contains("event: stream-open");
            beforeSecret = stream.lastId();
            assertThat(beforeSecret).isNotEmpty();
            publish("admins", "top secret");
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: top secret");
        }
        // the cursor does replay the secret to someone allowed, so the refusals below are the permission check's work
        try (LineStream stream = LineStream.open(base.resolve("/events/admins"), "Authorization", alice(),
                "Last-Event-ID", beforeSecret)) {
            assertThat(stream.nextOfType("message", WAIT)).containsExactly("event: message", "data: top secret");
        }

        HttpResponse<String> forBob = refused(base.resolve("/events/admins"), "Authorization", bob(),
                "Last-Event-ID", beforeSecret);
        assertThat(forBob.statusCode()).isEqualTo(403);
        assertThat(forBob.body()).isEqualTo(ADMINS_FORBIDDEN);

        HttpResponse<String> anonymous = refused(base.resolve("/events/admins?lastEventId=" + beforeSecret));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo(ADMINS_UNAUTHORIZED);

        // one denied channel refuses the whole request, public channels included
        HttpResponse<String> mixed = refused(base.resolve("/events?channel=news&channel=admins"), "Authorization",
                bob(), "Last-Event-ID", beforeSecret);
        assertThat(mixed.statusCode()).isEqualTo(403);
        assertThat(mixed.body()).isEqualTo(ADMINS_FORBIDDEN);
        for (HttpResponse<String> response : List.of(forBob, anonymous, mixed)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).doesNotContain("top secret", "event:", "id:", "data:");
        }
    }
}
