package io.quarkiverse.eventstream.runtime.security;

import java.time.Instant;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Tells when the credentials of an identity expire, for identities that do not carry the
 * {@code quarkus.identity.expire-time} attribute. Registered only when a mechanism that needs it is present.
 */
public interface CredentialExpiry {

    /**
     * @return when the credentials of {@code identity} expire, or {@code null} if they do not or it is unknown
     */
    Instant expiry(SecurityIdentity identity);
}
