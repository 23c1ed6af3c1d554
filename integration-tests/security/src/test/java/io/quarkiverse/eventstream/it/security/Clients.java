package io.quarkiverse.eventstream.it.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.smallrye.jwt.build.Jwt;

/**
 * Credentials and plain HTTP calls shared by the tests.
 */
final class Clients {

    static final Duration WAIT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Clients() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String alice() {
        return basic("alice", "alice-pw");
    }

    static String bob() {
        return basic("bob", "bob-pw");
    }

    /** A JWT for {@code user}, valid for five minutes, signed with the key of {@link JwtKeys}. */
    static String jwt(String user, String... groups) {
        return Jwt.upn(user).groups(Set.of(groups)).issuer(JwtKeys.ISSUER).expiresIn(300).sign();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A JWT signed with another key than the one the application trusts. */
    static String foreignJwt(String user) {
        PrivateKey other = JwtKeys.generate().getPrivate();
        return Jwt.upn(user).groups("user").issuer(JwtKeys.ISSUER).expiresIn(300).sign(other);
    }

    /** A JWT that expired half an hour ago, far beyond the 60 s clock skew smallrye-jwt allows. */
    static String expiredJwt(String user) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.upn(user).groups("user").issuer(JwtKeys.ISSUER).issuedAt(now - 3600).expiresAt(now - 1800).sign();
    }

    /**
     * Sends a stream request that is expected to be refused and returns the whole response. Bounded: a request that
     * opens a stream instead never completes, and fails here after {@link #WAIT}.
     */
    static HttpResponse<String> refused(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new AssertionError("No complete response from " + uri + " within " + WAIT + ": a stream opened?");
        }
    }

    static void publish(String channel, String body) {
        given().contentType("text/plain").body(body).post("/publish/" + channel).then().statusCode(204);
    }

    /** Waits until the streams of earlier tests are closed on the server too, so per-identity counts start at 0. */
    static void awaitNoOpenStreams() {
        await().atMost(WAIT).until(() -> given().get("/streams/open").asString().equals("0"));
    }
}
