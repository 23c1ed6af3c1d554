package io.quarkiverse.eventstream.runtime.admission;

import java.security.Principal;
import java.util.Set;

/**
 * The identity of a request that Quarkus Security did not authenticate (or of an application without security).
 */
public final class AnonymousIdentity extends IdentityWithoutCredentials {

    public static final AnonymousIdentity INSTANCE = new AnonymousIdentity();

    private AnonymousIdentity() {
    }

    @Override
    public Principal getPrincipal() {
        return null;
    }

    @Override
    public boolean isAnonymous() {
        return true;
    }

    @Override
    public Set<String> getRoles() {
        return Set.of();
    }

    @Override
    public boolean hasRole(String role) {
        return false;
    }
}
