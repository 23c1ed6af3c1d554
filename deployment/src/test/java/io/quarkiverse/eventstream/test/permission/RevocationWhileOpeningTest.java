package io.quarkiverse.eventstream.test.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.DefaultChannelManager;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A permission withdrawn while a stream is being admitted, after its check and before it joined its channels: the
 * revocation cannot find the stream yet, so the stream checks again once it joined, and ends.
 */
public class RevocationWhileOpeningTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(SlowMemberships.class), "alice");

    /** Memberships whose first check of alice takes until the test lets it go. */
    @ApplicationScoped
    public static class SlowMemberships extends DefaultChannelManager {

        static final Set<String> REMOVED = ConcurrentHashMap.newKeySet();
        static final CountDownLatch CHECKING = new CountDownLatch(1);
        static final CountDownLatch DECIDE = new CountDownLatch(1);

        @Override
        public boolean canRead(SecurityIdentity identity, String channel) {
            String member = identity.isAnonymous() ? "" : identity.getPrincipal().getName() + "@" + channel;
            boolean allowed = !identity.isAnonymous() && !REMOVED.contains(member);
            if (CHECKING.getCount() > 0) {
                CHECKING.countDown();
                try {
                    // allowed now; what happens while the answer travels back is the test
                    DECIDE.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return allowed;
        }
    }

    @Test
    void aPermissionWithdrawnWhileTheStreamOpensEndsIt() throws Exception {
        CompletableFuture<SseTestClient> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return open("/events/team", "Authorization", basic("alice"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(SlowMemberships.CHECKING.await(10, TimeUnit.SECONDS)).isTrue();
        SlowMemberships.REMOVED.add("alice@team");
        // the stream is not on its channel yet: nothing to end here
        assertThat(publisher.permissionChanged("alice", "team")).isZero();
        SlowMemberships.DECIDE.countDown();
        try (SseTestClient alice = opening.get(10, TimeUnit.SECONDS)) {
            assertThat(alice.status()).isEqualTo(200);
            assertThat(alice.next(WAIT).type()).isEqualTo("stream-open");
            SseTestClient.Block error = alice.nextEvent(WAIT);
            assertThat(error.type()).isEqualTo("stream-error");
            assertThat(error.data()).isEqualTo("{\"condition\":\"forbidden\",\"message\":\"Permission to read team was"
                    + " withdrawn\",\"channels\":[\"team\"]}");
            alice.awaitEnd(WAIT);
        }
    }
}
