package io.quarkiverse.eventstream.test.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

public class ExpiryTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = withUsers(app(TwoSecondCredentials.class), "alice");

    /** Gives authenticated identities the expiry attribute that Quarkus's JWT and OIDC mechanisms set. */
    @ApplicationScoped
    public static class TwoSecondCredentials implements SecurityIdentityAugmentor {

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (identity.isAnonymous()) {
                return Uni.createFrom().item(identity);
            }
            long expiresAt = Instant.now().plusSeconds(2).getEpochSecond();
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                    .addAttribute("quarkus.identity.expire-time", expiresAt).build());
        }
    }

    @Test
    void closesTheStreamWhenItsCredentialsExpire() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));
        try (SseTestClient client = open("/events/secret", "Authorization", basic)) {
            client.next(Duration.ofSeconds(10));
            long opened = System.nanoTime();
            SseTestClient.Block error = client.nextEvent(Duration.ofSeconds(10));
            assertThat(error.type()).isEqualTo("stream-error");
            assertThat(error.data()).startsWith("{\"condition\":\"expired\"");
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofSeconds(4));
            client.awaitEnd(Duration.ofSeconds(10));
        }
        // anonymous streams carry no expiry
        try (SseTestClient anonymous = open("/events/public")) {
            assertThat(anonymous.status()).isEqualTo(200);
        }
    }
}
