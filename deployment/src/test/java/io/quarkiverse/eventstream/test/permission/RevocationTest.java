package io.quarkiverse.eventstream.test.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class RevocationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class, Memberships.class))
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "alice-pw")
            .overrideConfigKey("quarkus.security.users.embedded.users.bob", "bob-pw")
            .overrideConfigKey("quarkus.eventstream.max-streams-per-identity", "2");

    /** Channel membership that the application changes at run time. */
    @ApplicationScoped
    public static class Memberships extends DefaultChannelManager {

        static final Set<String> REMOVED = ConcurrentHashMap.newKeySet();

        @Override
        public boolean canRead(SecurityIdentity identity, String channel) {
            return !identity.isAnonymous() && !REMOVED.contains(identity.getPrincipal().getName() + "@" + channel);
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    EventPublisher publisher;

    @Test
    void closesOnlyTheStreamsThatLostThePermission() throws Exception {
        try (SseTestClient alice = SseTestClient.get(base, "/events?channel=team&channel=news", "Authorization",
                basic("alice", "alice-pw"));
                SseTestClient bob = SseTestClient.get(base, "/events/team", "Authorization", basic("bob", "bob-pw"))) {
            alice.next(WAIT);
            bob.next(WAIT);
            // nothing changed yet: nobody is closed
            assertThat(publisher.permissionChanged("alice", "team")).isZero();
            Memberships.REMOVED.add("alice@team");
            assertThat(publisher.permissionChanged("alice", "team")).isEqualTo(1);
            SseTestClient.Block error = alice.nextEvent(WAIT);
            assertThat(error.type()).isEqualTo("stream-error");
            assertThat(error.data()).isEqualTo("{\"condition\":\"forbidden\",\"message\":\"Permission to read team was"
                    + " withdrawn\",\"channels\":[\"team\"]}");
            alice.awaitEnd(WAIT);
            publisher.publishRaw("team", "message", "still for bob");
            assertThat(bob.nextEvent(WAIT).data()).isEqualTo("still for bob");
            try (SseTestClient again = SseTestClient.get(base, "/events?channel=team&channel=news", "Authorization",
                    basic("alice", "alice-pw"))) {
                assertThat(again.status()).isEqualTo(403);
                assertThat(again.body(WAIT)).contains("\"channels\":[\"team\"]");
            }
        } finally {
            Memberships.REMOVED.clear();
        }
    }

    @Test
    void limitsTheStreamsOfOneIdentity() throws Exception {
        try (SseTestClient first = SseTestClient.get(base, "/events/a", "Authorization", basic("bob", "bob-pw"));
                SseTestClient second = SseTestClient.get(base, "/events/b", "Authorization", basic("bob", "bob-pw"))) {
            first.next(WAIT);
            second.next(WAIT);
            try (SseTestClient third = SseTestClient.get(base, "/events/c", "Authorization", basic("bob", "bob-pw"))) {
                assertThat(third.status()).isEqualTo(429);
                assertThat(third.body(WAIT)).contains("\"error\":\"too-many-streams\"");
            }
            try (SseTestClient other = SseTestClient.get(base, "/events/c", "Authorization",
                    basic("alice", "alice-pw"))) {
                assertThat(other.status()).isEqualTo(200);
            }
        }
        // closed streams give their places back
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            try (SseTestClient again = SseTestClient.get(base, "/events/c", "Authorization", basic("bob", "bob-pw"))) {
                assertThat(again.status()).isEqualTo(200);
            }
        });
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
