package io.quarkiverse.eventstream.runtime.security;

import java.time.Instant;

import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Tells when the credentials of a stream's identity expire, so that the stream ends then. This default reads the
 * {@code quarkus.identity.expire-time} attribute (epoch seconds), which Quarkus's OIDC mechanism sets;
 * {@link JwtCredentialExpiry} replaces it when the application has the JWT capability.
 */
@DefaultBean
@Singleton
public class CredentialExpiry {

    // set by Quarkus's OIDC mechanism (not by smallrye-jwt 3.33): epoch seconds at which the credentials expire
    private static final String EXPIRE_TIME_ATTRIBUTE = "quarkus.identity.expire-time";

    /**
     * @return when the credentials of {@code identity} expire, or {@code null} if they do not or it is unknown
     */
    public Instant expiry(SecurityIdentity identity) {
        Object expireTime = identity.getAttribute(EXPIRE_TIME_ATTRIBUTE);
        if (expireTime instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return null;
    }
}
