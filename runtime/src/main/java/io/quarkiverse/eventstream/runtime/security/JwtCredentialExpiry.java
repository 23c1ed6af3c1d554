package io.quarkiverse.eventstream.runtime.security;

import java.time.Instant;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Adds the {@code exp} claim of a JWT principal: smallrye-jwt (3.33) does not set {@code quarkus.identity.expire-time},
 * so without this a stream opened with a bearer token would outlive the token. Registered when the application has
 * the JWT capability.
 */
@Singleton
public class JwtCredentialExpiry extends CredentialExpiry {

    @Override
    public Instant expiry(SecurityIdentity identity) {
        Instant fromAttribute = super.expiry(identity);
        if (fromAttribute != null) {
            return fromAttribute;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            return Instant.ofEpochSecond(jwt.getExpirationTime());
        }
        return null;
    }
}
