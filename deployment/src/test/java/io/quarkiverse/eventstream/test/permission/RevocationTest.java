package io.quarkiverse.eventstream.test.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;

public class RevocationTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(Memberships.class), "alice", "bob")
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

    @Test
    void closesOnlyTheStreamsThatLostThePermission() throws Exception {
        try (SseTestClient alice = open("/events?channel=team&channel=news", "Authorization",
                basic("alice"));
                SseTestClient bob = open("/events/team", "Authorization", basic("bob"))) {
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
            try (SseTestClient again = open("/events?channel=team&channel=news", "Authorization",
                    basic("alice"))) {
                assertThat(again.status()).isEqualTo(403);
                assertThat(again.body(WAIT)).contains("\"channels\":[\"team\"]");
            }
        } finally {
            Memberships.REMOVED.clear();
        }
    }

    @Test
    void limitsTheStreamsOfOneIdentity() throws Exception {
        try (SseTestClient first = open("/events/a", "Authorization", basic("bob"));
                SseTestClient second = open("/events/b", "Authorization", basic("bob"))) {
            first.next(WAIT);
            second.next(WAIT);
            try (SseTestClient third = open("/events/c", "Authorization", basic("bob"))) {
                assertThat(third.status()).isEqualTo(429);
                assertThat(third.body(WAIT)).contains("\"error\":\"too-many-streams\"");
            }
            try (SseTestClient other = open("/events/c", "Authorization",
                    basic("alice"))) {
                assertThat(other.status()).isEqualTo(200);
            }
        }
        // closed streams give their places back
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            try (SseTestClient again = open("/events/c", "Authorization", basic("bob"))) {
                assertThat(again.status()).isEqualTo(200);
            }
        });
    }

}
