package org.acme.eventstream;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * Short-lived, single-use tokens that open one event stream on behalf of an authenticated user, for clients that
 * cannot send an {@code Authorization} header. Kept in memory: with several instances, keep them in a shared store.
 */
@ApplicationScoped
public class StreamTokens {

    // tag::tokens[]
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(SecurityIdentity identity, Instant expiresAt) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    /**
     * @param identity the identity of the request that asks for the token, authenticated by the usual mechanism
     * @return a new token, valid once, for {@link #LIFETIME}
     */
    public String issue(SecurityIdentity identity) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // a copy: an injected SecurityIdentity is only valid during its request; the copy keeps the roles and the
        // attributes, quarkus.identity.expire-time included, so the stream still ends when the credentials expire
        grants.put(token, new Grant(QuarkusSecurityIdentity.builder(identity).build(), Instant.now().plus(LIFETIME)));
        return token;
    }

    /**
     * @return the identity the token was issued to, or {@code null} if the token is unknown, used or expired
     */
    public SecurityIdentity redeem(String token) {
        // removed at first use: a token that leaks into a log afterwards opens nothing
        Grant grant = grants.remove(token);
        return grant != null && Instant.now().isBefore(grant.expiresAt()) ? grant.identity() : null;
    }
    // end::tokens[]

    @Scheduled(every = "1m")
    void forgetExpired() {
        Instant now = Instant.now();
        grants.values().removeIf(grant -> grant.expiresAt().isBefore(now));
    }
}
